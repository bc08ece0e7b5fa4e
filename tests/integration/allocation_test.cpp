// Where jobs land: one job per core, the rest wait with a reason; a job only goes where its memory
// fits; a job no node could ever hold is refused at qsub, naming the largest node.
// Nodes: pi01 (1 core, 512M) and pi02 (1 core, 2G).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class Allocation : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start({{"pi01", 1, "512M"}, {"pi02", 1, "2G"}}); }

  protected:
    int count_in_state(const std::string& state) {
        int n = 0;
        for (auto id : gated_jobs_)
            n += cluster().qstat_state(id) == state ? 1 : 0;
        return n;
    }
};

TEST_F(Allocation, ThreeOneSlotJobsOnTwoCoresTwoRunOneWaitsWithAReason) {
    gated("a");
    gated("b");
    gated("c");
    ASSERT_TRUE(cluster().wait_until([&] { return count_in_state("r") == 2; }))
        << cluster().run("qstat", {"-u", "*"}).out;
    EXPECT_EQ(count_in_state("qw"), 1);
    std::uint64_t waiting = 0;
    for (auto id : gated_jobs_) {
        if (cluster().qstat_state(id) == "qw") waiting = id;
    }
    ProcessResult detail = cluster().run("qstat", {"-j", std::to_string(waiting)});
    EXPECT_THAT(detail.out, ContainsRegex("scheduling info: +[^ \n]+")) << detail.describe();
    // One running job per node, never two on one core.
    std::set<std::string> queues;
    for (auto id : gated_jobs_)
        queues.insert(cluster().qstat_queue(id));
    EXPECT_EQ(queues, (std::set<std::string>{"", "all.q@pi01", "all.q@pi02"}));
}

TEST_F(Allocation, AJobGoesOnlyWhereItsMemoryFits) {
    auto big = gated("big", {"-l", "h_vmem=1G"});
    ASSERT_TRUE(cluster().wait_state(big, "r"));
    EXPECT_EQ(cluster().qstat_queue(big), "all.q@pi02");
    // pi01 is free but too small: a second 1G job waits for pi02.
    auto second = gated("second", {"-l", "h_vmem=1G"});
    EXPECT_FALSE(cluster().wait_state(second, "r", 3s)) << cluster().run("qstat", {"-u", "*"}).out;
    EXPECT_EQ(cluster().qstat_state(second), "qw");
    touch(gates_[0]);
    ASSERT_TRUE(cluster().wait_state(second, "r"));
    EXPECT_EQ(cluster().qstat_queue(second), "all.q@pi02");
}

TEST_F(Allocation, AJobNoNodeCanHoldIsRefusedAtSubmitNamingTheLargestNode) {
    ProcessResult r = cluster().run("qsub", {"-cwd", "-pe", "smp", "2", "-b", "y", "/bin/true"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("pi0")) << "the message should name the largest node";
    EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "");
}

TEST_F(Allocation, AJobWantingMoreMemoryThanAnyNodeIsRefusedAtSubmit) {
    ProcessResult r = cluster().run("qsub", {"-cwd", "-l", "h_vmem=3G", "-b", "y", "/bin/true"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("pi02")) << "pi02 is the node with the most memory";
    EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "");
}

}  // namespace
}  // namespace bramble::test
