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

TEST(CouldEverRun, WithNoNodesAtAllEveryJobMayWait) {
    // The cluster may not have registered its nodes yet; refusing now would refuse every job.
    EXPECT_TRUE(could_ever_run(JobBuilder(1).slots(64).memory("1T"), {}).ok());
}

}  // namespace
}  // namespace bramble::policy
