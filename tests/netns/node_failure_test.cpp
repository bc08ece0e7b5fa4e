// A node that drops off the network, as a Pi does when its cable is pulled: the scheduler shows
// it down once it falls silent, its job runs on out of reach, and nothing is lost when it comes
// back. A job that ended meanwhile is recorded with its own exit status; a job deleted meanwhile
// is freed at once and killed on the node as soon as the node is heard from again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/local_cluster.hpp"
#include "support/netns_cluster.hpp"
#include "support/text.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class NodeFailure : public NetnsSuite {
  public:
    // Heartbeats every second and down after 3 s of silence, so that a pulled cable shows soon.
    static void SetUpTestSuite() {
        start_cluster(2, "heartbeat_seconds: 1\nnode_timeout_seconds: 3\n");
    }

  protected:
    // The job's state letters in `qstat -u '*'`, or "" when it is not listed.
    static std::string state_of(std::uint64_t id) {
        std::istringstream table(cluster().run("qstat", {"-u", "*"}).out);
        for (std::string line; std::getline(table, line);) {
            const auto row = words(line);
            if (row.size() > 4 && row[0] == std::to_string(id)) return row[4];
        }
        return "";
    }
    static std::string path(const std::string& name) { return cluster().work_dir() + "/" + name; }
    // Submits `script` to run on pi02, output and errors in `name`.out.
    static std::uint64_t submit_on_pi02(const std::string& name, const std::string& script) {
        return cluster().submit({"-cwd", "-N", name, "-j", "y", "-o", path(name + ".out"), "-l",
                                 "hostname=pi02", "-b", "y", "/bin/sh", "-c", script});
    }
    static void unplug_pi02() {
        const Status pulled = cluster().unplug("pi02");
        ASSERT_TRUE(pulled.ok()) << pulled.message();
        ASSERT_TRUE(cluster().wait_until(
            [] { return cluster().nodes_up() == std::vector<std::string>{"pi01"}; }, 30s))
            << cluster().run("qhost", {}).out;
    }
    static void plug_pi02() {
        const Status plugged = cluster().plug("pi02");
        ASSERT_TRUE(plugged.ok()) << plugged.message();
    }
    void TearDown() override {
        if (cluster_ && cluster_->ready()) (void)cluster().plug("pi02");
        NetnsSuite::TearDown();
    }
};

TEST_F(NodeFailure, AJobThatEndsWhileItsNodeIsCutOffIsRecordedWhenTheNodeReturns) {
    const std::string gate = path("ended.gate");
    const auto id = submit_on_pi02("ended", "echo started; while [ ! -e " + gate +
                                                " ]; do sleep 0.1; done; echo ended on "
                                                "$(hostname); exit 3");
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_until(
        [&] { return read_file(path("ended.out")).find("started") != std::string::npos; }, 30s))
        << cluster().logs();
    unplug_pi02();
    if (HasFatalFailure()) return;
    EXPECT_EQ(state_of(id), "r") << "a job on a node that is down stays as it was";

    { std::ofstream{gate}; }
    ASSERT_TRUE(cluster().wait_until(
        [&] { return read_file(path("ended.out")).find("ended on pi02") != std::string::npos; },
        30s))
        << "the job runs on while its node is unreachable\n"
        << read_file(path("ended.out"));
    EXPECT_EQ(state_of(id), "r") << "the scheduler cannot know yet";

    plug_pi02();
    ASSERT_TRUE(cluster().wait_gone(id, 60s)) << cluster().logs();
    EXPECT_THAT(cluster().run("qacct", {"-j", std::to_string(id)}).out,
                ContainsRegex("\nexit_status  3 "));
    EXPECT_TRUE(cluster().wait_until(
        [] {
            return cluster().nodes_up() == std::vector<std::string>{"pi01", "pi02"};
        },
        30s));
}

TEST_F(NodeFailure, AJobDeletedWhileItsNodeIsCutOffIsFreedAtOnceAndKilledWhenTheNodeReturns) {
    const std::string pid_file = path("deleted.pid");
    // `exec`: the pid written is the one of the process left running.
    const auto id = submit_on_pi02("deleted", "echo $$ >" + pid_file + ".new && mv " + pid_file +
                                                  ".new " + pid_file + " && exec sleep 600");
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_until([&] { return !read_file(pid_file).empty(); }, 30s))
        << cluster().logs();
    const pid_t pid = std::stoi(read_file(pid_file));
    unplug_pi02();
    if (HasFatalFailure()) return;

    ProcessResult deleted = cluster().run("qdel", {std::to_string(id)});
    EXPECT_EQ(deleted.exit_code, 0) << deleted.describe();
    EXPECT_THAT(deleted.out, HasSubstr("has deleted job " + std::to_string(id)));
    EXPECT_EQ(state_of(id), "") << "qdel frees a job whose node is down at once";
    EXPECT_EQ(::kill(pid, 0), 0) << "out of reach, the job's process is still running";

    plug_pi02();
    EXPECT_TRUE(cluster().wait_until([&] { return ::kill(pid, 0) != 0; }, 60s))
        << "the node, heard from again, was told to kill the deleted job\n"
        << cluster().logs();
    // The node's only core was freed by the qdel: the next job pinned there runs.
    const auto next = submit_on_pi02("next", "hostname");
    ASSERT_NE(next, 0u);
    ASSERT_TRUE(cluster().wait_gone(next, 60s)) << cluster().logs();
    EXPECT_EQ(read_file(path("next.out")), "pi02\n");
}

}  // namespace
}  // namespace bramble::test
