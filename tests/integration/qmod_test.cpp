// Grid Engine's exit codes and qmod with the real daemons and tools: a job script that exits 99
// runs again; one that exits 100 waits in Eqw with the reason until its owner's `qmod -cj`, which
// nobody else may give; and a node resting after failing a job for reasons of its own (state E in
// qstat -f) takes jobs again at once after a manager's `qmod -c`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <regex>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// A job that exits `first_exit` the first time it runs and 0 the next, counting its runs in
// `runs` (one line each); `marker` remembers the first run.
std::vector<std::string> twice_job(int first_exit, const std::string& runs,
                                   const std::string& marker) {
    return {"-cwd",
            "-b",
            "y",
            "/bin/sh",
            "-c",
            "echo run >> " + runs + "; [ -e " + marker + " ] && exit 0; touch " + marker +
                "; exit " + std::to_string(first_exit)};
}

std::string test_name() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

class ExitCodes : public ClusterSuite {
  protected:
    std::string detail(std::uint64_t id) {
        return cluster().run("qstat", {"-j", std::to_string(id)}).out;
    }
};

TEST_F(ExitCodes, AJobThatExits99RunsAgain) {
    const std::string runs = work_file("runs");
    const auto id = cluster().submit(twice_job(99, runs, work_file("marker")));
    ASSERT_NE(id, 0U);
    ASSERT_TRUE(cluster().wait_gone(id)) << cluster().logs();
    EXPECT_EQ(slurp(runs), "run\nrun\n");
    EXPECT_EQ(cluster().qacct_value(id, "exit_status"), "0");
}

TEST_F(ExitCodes, AJobThatExits100WaitsInErrorUntilItsOwnerClearsIt) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << "needs the test users: " << why;
    const std::string alice = users->alice.name;
    const std::string bob = users->bob.name;
    const std::string dir = cluster().work_dir(alice) + "/" + test_name();
    const auto id = cluster().submit(twice_job(100, dir + ".runs", dir + ".marker"), "", alice);
    ASSERT_NE(id, 0U);
    const std::string text = std::to_string(id);
    ASSERT_TRUE(cluster().wait_state(id, "Eqw")) << cluster().logs();
    EXPECT_THAT(detail(id), HasSubstr("job exited with status 100 on pi0"));

    ProcessResult by_bob = cluster().run("qmod", {"-cj", text}, "", bob);
    EXPECT_EQ(by_bob.exit_code, 1) << by_bob.describe();
    EXPECT_EQ(by_bob.out, bob + " - you have no permission to modify job \"" + text + "\"\n");
    EXPECT_EQ(cluster().qstat_state(id), "Eqw");

    ProcessResult by_alice = cluster().run("qmod", {"-cj", text}, "", alice);
    EXPECT_EQ(by_alice.exit_code, 0) << by_alice.describe();
    EXPECT_THAT(by_alice.out,
                MatchesRegex(alice + "@.+ cleared error state of job " + text + "\n"));
    ASSERT_TRUE(cluster().wait_gone(id)) << cluster().logs();
    EXPECT_EQ(slurp(dir + ".runs"), "run\nrun\n");
    EXPECT_EQ(cluster().qacct_value(id, "exit_status"), "0");

    ProcessResult again = cluster().run("qmod", {"-cj", text}, "", alice);
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_EQ(again.out, "invalid queue or job \"" + text + "\"\n");
}

// One node that rests for an hour after a job it could not set up (its TMPDIR parent made
// world-writable, which the execd refuses): only qmod -c brings it back before then.
class SickNodeCleared : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(1), "node_error_seconds: 3600\n"); }

  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        use_test_users();
    }

    static std::string tmpdir_parent() {
        return (cluster().dir() / "nodes" / "pi01" / "tmp" / "bramble").string();
    }

    static std::string queue_states() { return cluster().run("qstat", {"-f"}).out; }
    // qstat -f shows pi01's instance in state E.
    static bool node_in_error() {
        static const std::regex kInError("all\\.q@pi01 .* E\n");
        return std::regex_search(queue_states(), kInError);
    }
};

TEST_F(SickNodeCleared, AManagersQmodCBringsARestingNodeBack) {
    const auto first = cluster().submit({"-cwd", "-b", "y", "/bin/true"});
    ASSERT_TRUE(first != 0 && cluster().wait_gone(first)) << cluster().logs();

    ASSERT_EQ(::chmod(tmpdir_parent().c_str(), 0777), 0);
    const auto id = cluster().submit({"-cwd", "-b", "y", "/bin/true"});
    ASSERT_NE(id, 0U);
    ASSERT_TRUE(cluster().wait_until(node_in_error)) << queue_states() << cluster().logs();
    ASSERT_EQ(::chmod(tmpdir_parent().c_str(), 0711), 0);
    EXPECT_EQ(cluster().qstat_state(id), "qw") << "the node rests; the job waits";

    const std::string bob = users_->bob.name;
    ProcessResult by_bob = cluster().run("qmod", {"-c", "all.q@pi01"}, "", bob);
    EXPECT_EQ(by_bob.exit_code, 1) << by_bob.describe();
    EXPECT_EQ(by_bob.out, bob + " - you have no permission to modify queue \"all.q@pi01\"\n");
    EXPECT_EQ(cluster().qstat_state(id), "qw");

    ProcessResult cleared = cluster().run("qmod", {"-c", "pi01"});
    EXPECT_EQ(cleared.exit_code, 0) << cleared.describe();
    EXPECT_THAT(cleared.out,
                MatchesRegex(me() + "@.+ changed state of \"all.q@pi01\" \\(no error\\)\n"));
    EXPECT_TRUE(cluster().wait_gone(id, 30s)) << "the waiting job runs at once\n"
                                              << cluster().logs();

    ProcessResult again = cluster().run("qmod", {"-c", "*@pi01"});
    EXPECT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(again.out,
              "Queue instance \"all.q@pi01\" is already in the specified state: no error\n");
    ProcessResult unknown = cluster().run("qmod", {"-c", "all.q@pi09"});
    EXPECT_EQ(unknown.exit_code, 1) << unknown.describe();
    EXPECT_EQ(unknown.out, "invalid queue \"all.q@pi09\"\n");
}

}  // namespace
}  // namespace bramble::test
