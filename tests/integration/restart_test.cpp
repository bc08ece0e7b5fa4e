// A scheduler restart loses nothing: with one job running and one queued, both are still listed
// afterwards, the running one finishes with its output, and the queued one then runs.
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

class SchedulerRestart : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(1)); }
};

TEST_F(SchedulerRestart, KeepsTheRunningAndTheQueuedJob) {
    const std::string gate = work_file("gate");
    auto running =
        cluster().submit({"-cwd", "-N", "survivor", "-b", "y", "/bin/sh", "-c",
                          "echo started; " + wait_for_file_command(gate) + "; echo ended"});
    ASSERT_TRUE(cluster().wait_state(running, "r"));
    auto queued = cluster().submit({"-cwd", "-N", "queued", "-b", "y", "/bin/echo", "queued ran"});
    ASSERT_EQ(cluster().qstat_state(queued), "qw");

    ASSERT_TRUE(cluster().restart_scheduler()) << cluster().startup_error();
    EXPECT_EQ(cluster().qstat_state(running), "r");
    EXPECT_EQ(cluster().qstat_state(queued), "qw");

    touch(gate);
    ASSERT_TRUE(cluster().wait_gone(running));
    EXPECT_EQ(slurp(cluster().work_dir() + "/survivor.o" + std::to_string(running)),
              "started\nended\n");
    ASSERT_TRUE(cluster().wait_gone(queued));
    EXPECT_EQ(slurp(cluster().work_dir() + "/queued.o" + std::to_string(queued)), "queued ran\n");
}

}  // namespace
}  // namespace bramble::test
