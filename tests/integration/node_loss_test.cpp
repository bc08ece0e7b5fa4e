// A node whose execd dies and stays away is lost after node_lost_seconds: the rerunnable job it ran
// starts again on the other node, with no operator; when the node comes back, the run it still had
// (its shepherd outlived the execd) is killed, and the job's new run is the one recorded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

class NodeLoss : public ClusterSuite {
  public:
    static void SetUpTestSuite() {
        start(small_nodes(2),
              "heartbeat_seconds: 1\nnode_timeout_seconds: 2\nnode_lost_seconds: 2\n");
    }

  protected:
    static std::vector<pid_t> pids_in(const std::string& path) {
        std::ifstream in(path);
        std::vector<pid_t> pids;
        for (pid_t pid = 0; in >> pid;)
            pids.push_back(pid);
        return pids;
    }
};

TEST_F(NodeLoss, ARerunnableJobRunsAgainElsewhereAndItsOldRunIsKilledWhenTheNodeReturns) {
    const std::string runs = work_file("runs");
    const std::string gate = work_file("gate");
    gates_.push_back(gate);
    const auto id = cluster().submit({"-cwd", "-r", "y", "-N", "sim", "-b", "y", "/bin/sh", "-c",
                                      "echo $$ >> " + runs + "; " + wait_for_file_command(gate)});
    ASSERT_NE(id, 0u);
    gated_jobs_.push_back(id);
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    const std::string first = cluster().qstat_queue(id);  // all.q@pi01 or all.q@pi02
    const std::string lost = first.substr(first.find('@') + 1);
    const std::string other = lost == "pi01" ? "all.q@pi02" : "all.q@pi01";

    cluster().kill_execd(lost);
    ASSERT_TRUE(cluster().wait_until(
        [&] { return cluster().qstat_queue(id) == other && pids_in(runs).size() == 2; }, 30s))
        << cluster().logs();
    EXPECT_EQ(cluster().qstat_state(id), "r");
    const pid_t old_run = pids_in(runs).front();
    EXPECT_TRUE(process_alive(old_run)) << "cut off, not dead: the first run goes on";

    ASSERT_TRUE(cluster().start_execd(lost));
    EXPECT_TRUE(cluster().wait_until([&] { return !process_alive(old_run); }, 30s))
        << "the returning node must end the run that was given up";
    EXPECT_EQ(cluster().qstat_state(id), "r") << "the new run goes on";
    EXPECT_EQ(cluster().qstat_queue(id), other);

    touch(gate);
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(cluster().qacct_value(id, "exit_status"), "0");
}

}  // namespace
}  // namespace bramble::test
