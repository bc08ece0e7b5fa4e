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
