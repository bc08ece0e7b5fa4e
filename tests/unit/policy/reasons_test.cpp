// Pending reasons as qstat -j prints them: what the job needs and the nearest thing on offer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builders.hpp"
#include "policy/planner.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;
using testing::NodeBuilder;

// The reason the planner gives for the only job in the snapshot.
std::string reason_for(const std::vector<NodeView>& nodes, const PendingJob& job) {
    const Plan result = plan(Snapshot{nodes, {job}}, 0);
    EXPECT_TRUE(result.placements.empty());
    if (result.reasons.size() != 1) return "(placed)";
    EXPECT_EQ(result.reasons[0].id, job.id);
    return result.reasons[0].reason;
}

struct ReasonCase {
    const char* name;
    std::vector<NodeView> nodes;
    PendingJob job;
    const char* reason;
};

TEST(PendingReasons, SayWhatIsNeededAndWhatIsOnOffer) {
    const NodeView pi01_full = NodeBuilder("pi01").cores(4).memory("4G").busy({0, 1, 2, 3});
    const ReasonCase cases[] = {
        {"the largest free node by cores",
         // pi02: 4 - 1 busy = 3 cores, 8G - 6.5G = 1.5G; pi01 has no free core
         {pi01_full, NodeBuilder("pi02").cores(4).memory("8G").busy({0}).used("6.5G")},
         JobBuilder(1).slots(4).memory("2G"),
         "needs 4 cores with 2.0G each on one node; largest free: pi02 with 3 cores and 1.5G"},
        {"memory is short, not cores: the node with the most free memory",
         // a 1-core job with 2G: pi01 has 4 free cores but 1.0G, pi02 1 core and 1.5G
         {NodeBuilder("pi01").cores(4).memory("4G").used("3G"),
          NodeBuilder("pi02").cores(2).memory("2G").busy({0}).used("512M")},
         JobBuilder(1).memory("2G"),
         "needs 1 core with 2.0G on one node; largest free: pi02 with 1 core and 1.5G"},
        {"every core busy",
         {pi01_full, NodeBuilder("pi02").cores(2).memory("1G").busy({0, 1}),
          NodeBuilder("pi03").cores(8).down()},
         JobBuilder(1),
         "needs 1 core on one node; every core of the 2 up nodes is busy"},
        {"an exclusive job holds the only node, one core idle",
         {NodeBuilder("pi01").cores(2).busy({0}).exclusive()},
         JobBuilder(1),
         "needs 1 core on one node; the only up node runs an exclusive job"},
        {"one node full, the other held by an exclusive job",
         {pi01_full, NodeBuilder("pi02").cores(2).busy({0}).exclusive()},
         JobBuilder(1),
         "needs 1 core on one node; every core of the 2 up nodes is busy or held by an exclusive "
         "job (1 node)"},
        {"pinned to a node that is down",
         {NodeBuilder("pi01").cores(4), NodeBuilder("pi03").cores(4).down()},
         JobBuilder(1).pin("pi03"),
         "pinned to pi03, which is down"},
        {"pinned to a node that is not in the cluster",
         {NodeBuilder("pi01").cores(4)},
         JobBuilder(1).pin("pi09"),
         "pinned to node pi09, which is not in the cluster"},
        {"pinned to a busy node",
         {NodeBuilder("pi01").cores(4), NodeBuilder("pi03").cores(4).memory("1G").busy({0, 1, 2})},
         JobBuilder(1).slots(2).pin("pi03"),
         "needs 2 cores on pi03, the node it is pinned to, which has 1 core and 1.0G free"},
        {"no node is up",
         {NodeBuilder("pi01").cores(4).down(), NodeBuilder("pi02").cores(4).down()},
         JobBuilder(1),
         "no node is up"},
        {"pinned to a node that is disabled (qmod -d)",
         {NodeBuilder("pi01").cores(4), NodeBuilder("pi03").cores(4).disabled()},
         JobBuilder(1).pin("pi03"),
         "pinned to pi03, which is disabled"},
        {"no node takes jobs, for different reasons",
         {NodeBuilder("pi01").cores(4).disabled(), NodeBuilder("pi02").cores(4).down(),
          NodeBuilder("pi03").cores(4).disabled(), NodeBuilder("pi04").cores(4).in_error()},
         JobBuilder(1),
         "no node takes jobs: 1 down, 2 disabled, 1 in error"},
        {"no node at all", {}, JobBuilder(1), "no node has joined the cluster yet"},
        {"the cluster shrank below the job",
         {NodeBuilder("pi01").cores(4).memory("1G")},
         JobBuilder(1).slots(8),
         "needs 8 cores on one node; the largest node, pi01, has 4 cores and 1.0G"},
        {"zero slots",
         {NodeBuilder("pi01").cores(4)},
         JobBuilder(1).slots(0),
         "asks for 0 slots; a job needs at least one"},
    };
    for (const auto& [name, nodes, job, reason] : cases) {
        EXPECT_EQ(reason_for(nodes, job), reason) << name;
    }
}

TEST(PendingReasons, NameTheConstraintThatHoldsTheJobBack) {
    const NodeView pi01 = NodeBuilder("pi01").cores(2).memory("1G").busy({0, 1}).running(1);
    const NodeView pi02 = NodeBuilder("pi02").cores(2).memory("1G").busy({0}).running(1);
    const NodeView pi03 = NodeBuilder("pi03").cores(2).memory("1G").label("role", "db");
    const NodeView pi04 = NodeBuilder("pi04").cores(4).memory("4G");
    const ReasonCase cases[] = {
        {"a GPIO line held by another job",
         {pi01, NodeBuilder("pi05").cores(4).gpio({"fan", "led"}).gpio_busy({"fan"}).running(1)},
         JobBuilder(1).gpio({"led", "fan"}),
         "GPIO line fan is held by another job on pi05"},
        {"the node with the line is down",
         {pi01, NodeBuilder("pi05").cores(4).gpio({"fan"}).down()},
         JobBuilder(1).gpio({"fan"}),
         "GPIO line fan is on pi05, which is down"},
        {"the node with the line is busy",
         {pi04, NodeBuilder("pi05").cores(4).memory("1G").gpio({"fan"}).busy({0, 1, 2}).running(1)},
         JobBuilder(1).slots(2).gpio({"fan"}),
         "needs 2 cores on pi05, the node with GPIO line fan, which has 1 core and 1.0G free"},
        {"exclusive, every node runs jobs",
         {pi01, pi02},
         JobBuilder(1).exclusive(),
         "needs exclusive use of a node; every node runs jobs"},
        {"exclusive, every matching node runs jobs",
         {pi01, pi02, pi04},
         JobBuilder(1).exclusive().nodes({"pi0[1-2]"}),
         "needs exclusive use of a node; every one of the nodes matching pi0[1-2] runs jobs"},
        // free: pi01 0, pi02 1, pi03 2; pi04 does not match
        {"a parallel job over matching nodes",
         {pi01, pi02, pi03, pi04},
         JobBuilder(1).fill_up().slots(6).nodes({"pi0[1-3]"}),
         "needs 6 slots with -pe mpi over nodes matching pi0[1-3]; 3 free there"},
        {"a parallel job anywhere",
         {pi01, pi02, pi03},
         JobBuilder(1).round_robin().slots(4, 8),
         "needs 4-8 slots with -pe mpi; 3 free in the cluster"},
        {"a fixed rule",
         {pi01, pi02, pi03},
         JobBuilder(1).per_node(2).slots(4),
         "needs 4 slots with -pe mpi, 2 on each node; 1 node has room now"},
        {"one node with a label",
         {pi03, NodeBuilder("pi06").cores(4).label("role", "db").busy({0, 1, 2})},
         JobBuilder(1).slots(3).label("role", "db"),
         "needs 3 cores on one of the nodes with role=db; largest free: pi03 with 2 cores and "
         "1.0G"},
        {"a consumable in use",
         {NodeBuilder("pi07").cores(4).consumable("gpu", 1, 0).running(1)},
         JobBuilder(1).per_slot("gpu", 1),
         "needs 1 core and consumables on one node; those with room have them in use"},
        {"exclusive job pinned to a busy node",
         {pi02},
         JobBuilder(1).exclusive().pin("pi02"),
         "needs exclusive use of pi02, the node it is pinned to, which runs jobs"},
    };
    for (const auto& [name, nodes, job, reason] : cases) {
        EXPECT_EQ(reason_for(nodes, job), reason) << name;
    }
}

TEST(PendingReasons, FollowTheClusterAsThePassFillsIt) {
    // Job 1 takes 2 of pi01's 4 cores; job 2 (3 slots) then sees 2 free, and job 3, of the same
    // shape, is told the same.
    const Snapshot snapshot{
        {NodeBuilder("pi01").cores(4).memory("2G")},
        {JobBuilder(1).slots(2), JobBuilder(2).slots(3), JobBuilder(3).slots(3)}};
    const Plan result = plan(snapshot, 0);
    ASSERT_EQ(result.reasons.size(), 2U);
    EXPECT_EQ(result.reasons[0].reason,
              "needs 3 cores on one node; largest free: pi01 with 2 cores and 2.0G");
    EXPECT_EQ(result.reasons[1].reason, result.reasons[0].reason);
}

}  // namespace
}  // namespace bramble::policy
