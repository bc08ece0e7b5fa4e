// could_ever_run: the submit-time check, with errors that name what is impossible and the largest
// node.
#include <gtest/gtest.h>

#include <vector>

#include "builders.hpp"
#include "policy/planner.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;
using testing::NodeBuilder;

struct EverCase {
    const char* name;
    PendingJob job;
    const char* error;  // empty: the job could run
};

TEST(CouldEverRun, NamesWhatIsImpossibleAndTheLargestNode) {
    // Busy cores, used memory and a down node do not matter: the check is on empty, up nodes.
    const std::vector<NodeView> nodes{
        NodeBuilder("pi01").cores(4).memory("1G").busy({0, 1, 2, 3}).used("1G").down(),
        NodeBuilder("pi02").cores(2).memory("512M"),
    };
    const EverCase cases[] = {
        {"fits the largest node", JobBuilder(1).slots(4).memory("256M"), ""},
        {"too many cores", JobBuilder(1).slots(8),
         "needs 8 cores on one node; the largest node, pi01, has 4 cores and 1.0G"},
        // 4 slots x 4.0G = 16.0G
        {"too much memory", JobBuilder(1).slots(4).memory("4G"),
         "needs 16.0G on one node (4 slots x 4.0G); the largest node, pi01, has 1.0G"},
        {"one slot", JobBuilder(1).memory("2G"),
         "needs 2.0G on one node (1 slot x 2.0G); the largest node, pi01, has 1.0G"},
        {"pinned to an unknown node", JobBuilder(1).pin("pi09"),
         "pinned to node pi09, which is not in the cluster"},
        {"pinned to a node too small", JobBuilder(1).slots(3).pin("pi02"),
         "needs 3 cores on one node; pi02, the node it is pinned to, has 2 cores and 512.0M"},
        // 2 slots x 512M = 1.0G > pi02's 512.0M
        {"pinned, memory too small", JobBuilder(1).slots(2).memory("512M").pin("pi02"),
         "needs 1.0G on one node (2 slots x 512.0M); pi02, the node it is pinned to, has 512.0M"},
        {"pinned to a node that fits", JobBuilder(1).slots(2).pin("pi02"), ""},
        {"zero slots", JobBuilder(1).slots(0), "asks for 0 slots; a job needs at least one"},
    };
    for (const auto& [name, job, error] : cases) {
        const Status status = could_ever_run(job, nodes);
        EXPECT_EQ(status.ok() ? std::string() : status.message(), error) << name;
    }
}

TEST(CouldEverRun, NoNodeHasBothCoresAndMemory) {
    // 4 slots x 2G = 8G: pi01 has the cores but 1G, pi02 has 16G but 2 cores.
    const std::vector<NodeView> nodes{NodeBuilder("pi01").cores(8).memory("1G"),
                                      NodeBuilder("pi02").cores(2).memory("16G")};
    const Status status = could_ever_run(JobBuilder(1).slots(4).memory("2G"), nodes);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.message(),
              "needs 4 cores and 8.0G on one node (4 slots x 2.0G); no node has both: pi01 has 8 "
              "cores and 1.0G, pi02 has 2 cores and 16.0G");
}

TEST(CouldEverRun, NamesTheConstraintNoNodeMeets) {
    const std::vector<NodeView> nodes{
        NodeBuilder("pi01").cores(4).memory("1G").label("role", "web"),
        NodeBuilder("pi02").cores(4).memory("1G").label("role", "web").label("disk", "ssd"),
        NodeBuilder("pi03").cores(2).memory("1G").gpio({"fan", "led"}).consumable("gpu", 1),
        NodeBuilder("pi04").cores(2).memory("1G").gpio({"pump"}).down(),
    };
    const EverCase cases[] = {
        {"a pattern that matches", JobBuilder(1).nodes({"pi0[1-2]"}).slots(4), ""},
        {"no node matches", JobBuilder(1).nodes({"gpu*", "pi1?"}), "no node matches gpu* or pi1?"},
        {"no node has the label", JobBuilder(1).label("role", "db"), "no node has label role=db"},
        {"the label, but not on the matching nodes",
         JobBuilder(1).nodes({"pi0[3-4]"}).label("role", "web"),
         "no node has label role=web among nodes matching pi0[3-4]"},
        {"labels on different nodes", JobBuilder(1).label("role", "web").label("disk", "hdd"),
         "no node has label disk=hdd"},
        {"a line no node has", JobBuilder(1).gpio({"buzzer"}), "no node has GPIO line 'buzzer'"},
        {"lines on different nodes", JobBuilder(1).gpio({"fan", "pump"}),
         "the GPIO lines the job names are not all on one node; a job's lines must all be on its "
         "master node"},
        {"a line on a node the patterns rule out", JobBuilder(1).nodes({"pi0[1-2]"}).gpio({"fan"}),
         "GPIO line 'fan' is on pi03, which is not one of the nodes matching pi0[1-2]"},
        {"a line on a down node is fine", JobBuilder(1).gpio({"pump"}), ""},
        {"a consumable no node has", JobBuilder(1).per_slot("fpga", 1),
         "no node has consumable 'fpga'"},
        // 2 slots x 1 gpu
        {"more of a consumable than any node has", JobBuilder(1).slots(2).per_slot("gpu", 1),
         "needs gpu=2 on one node; the most any node has is 1, on pi03"},
        {"the line's node is too small", JobBuilder(1).slots(3).gpio({"fan"}),
         "needs 3 cores on one node; pi03, the node with GPIO line 'fan', has 2 cores and 1.0G"},
    };
    for (const auto& [name, job, error] : cases) {
        const Status status = could_ever_run(job, nodes);
        EXPECT_EQ(status.ok() ? std::string() : status.message(), error) << name;
    }
}

TEST(CouldEverRun, ParallelJobsCountTheWholeCluster) {
    const std::vector<NodeView> nodes{NodeBuilder("pi01").cores(4).memory("1G"),
                                      NodeBuilder("pi02").cores(2).memory("4G"),
                                      NodeBuilder("pi03").cores(2).memory("4G")};
    const EverCase cases[] = {
        {"fill_up over every node", JobBuilder(1).fill_up().slots(8), ""},
        {"more slots than cores", JobBuilder(1).fill_up().slots(12),
         "needs 12 slots with -pe mpi; the cluster has 8 cores"},
        {"more than the matching nodes have",
         JobBuilder(1).round_robin().slots(6).nodes({"pi0[2-3]"}),
         "needs 6 slots with -pe mpi; nodes matching pi0[2-3] have 4 cores"},
        // 1.5G a slot: pi01 holds none, pi02 and pi03 two each
        {"memory limits the slots", JobBuilder(1).fill_up().slots(5).memory("1536M"),
         "needs 5 slots with -pe mpi and 1.5G each; the cluster holds 4 such slots"},
        {"a range needs only its least", JobBuilder(1).fill_up().slots(8, 64), ""},
        {"per_node: not a multiple", JobBuilder(1).per_node(4).slots(6),
         "needs 6 slots with -pe mpi, which puts 4 on each node; 6 is not a multiple of 4"},
        {"per_node: no multiple in the range", JobBuilder(1).per_node(4).slots(5, 7),
         "needs 5-7 slots with -pe mpi, which puts 4 on each node; no multiple of 4 lies in 5-7"},
        {"per_node: too few nodes hold N", JobBuilder(1).per_node(2).slots(8),
         "needs 8 slots with -pe mpi, 2 on each of 4 nodes; 3 nodes can hold 2"},
        {"per_node fits", JobBuilder(1).per_node(2).slots(6), ""},
    };
    for (const auto& [name, job, error] : cases) {
        const Status status = could_ever_run(job, nodes);
        EXPECT_EQ(status.ok() ? std::string() : status.message(), error) << name;
    }
}

TEST(CouldEverRun, WithNoNodesAtAllEveryJobMayWait) {
    // The cluster may not have registered its nodes yet; refusing now would refuse every job.
    EXPECT_TRUE(could_ever_run(JobBuilder(1).slots(64).memory("1T"), {}).ok());
}

}  // namespace
}  // namespace bramble::policy
