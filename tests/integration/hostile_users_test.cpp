// A hostile user among honest ones, through the real tools: bob aims his jobs at alice's files and
// processes, at root's folders and at alice's running job, and each attempt ends his job with the
// reason in `qstat -j` while alice's job and files are untouched. After every test nothing of the
// test users is left on the nodes: no process, no file, no slot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

constexpr const char* kQrsh = "\"$SGE_ROOT/bin/$ARC/qrsh\"";

class HostileUsers : public ClusterSuite {
  public:
    // Two nodes of two cores: bob's job can share alice's node.
    static void SetUpTestSuite() { start(small_nodes(2, 2)); }

  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        use_test_users();
    }

    void TearDown() override {
        ClusterSuite::TearDown();
        if (users_ && !IsSkipped()) expect_nothing_left();
    }

    const std::string& alice() const { return users_->alice.name; }
    const std::string& bob() const { return users_->bob.name; }

    // A file of the user's work folder, with this test's name in it.
    std::string file_of(const std::string& user, const std::string& name) const {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        return cluster().work_dir(user) + "/" + test->name() + "." + name;
    }

    // Runs `script` as a job of bob's, on `node`, and returns its output once it has ended.
    std::string bobs_job(const std::string& script, const std::string& node = "pi01") {
        const std::string out = file_of(bob(), "attack.out");
        const auto id = cluster().submit({"-N", "attack", "-j", "y", "-o", out, "-l",
                                          "hostname=" + node, "-b", "y", "/bin/sh", "-c", script},
                                         "", bob());
        EXPECT_NE(id, 0u);
        EXPECT_TRUE(cluster().wait_gone(id)) << cluster().logs();
        return slurp(out);
    }

    // The `failed` value of `qacct -j` for a job that has ended.
    std::string failed_line(std::uint64_t id) const { return cluster().qacct_value(id, "failed"); }

    // No slot of any queue is used, and no process or file of the test users is left under the
    // nodes' spools and temporary folders.
    void expect_nothing_left() const {
        const std::string queues = cluster().run("qstat", {"-f"}).out;
        EXPECT_THAT(queues, Not(ContainsRegex("BIP +[0-9]+/[1-9]"))) << queues;
        for (const auto* user : {&users_->alice, &users_->bob}) {
            EXPECT_TRUE(cluster().wait_until([&] { return processes_of(user->uid) == 0; }, 10s))
                << processes_of(user->uid) << " process(es) of " << user->name << " are left";
            std::error_code error;
            for (fs::recursive_directory_iterator it(cluster().dir() / "nodes", error), end;
                 !error && it != end; it.increment(error)) {
                struct stat info {};
                if (::lstat(it->path().c_str(), &info) == 0) {
                    EXPECT_NE(info.st_uid, user->uid) << it->path() << " is left on a node";
                }
            }
        }
    }

    // The user's processes that belong to this cluster: every job's environment names the
    // node's temporary folder, which lies in the cluster's folder (other test processes may
    // run jobs as the same users at the same time).
    static int processes_of(uid_t uid) {
        int count = 0;
        const std::string mark = cluster().dir().string();
        // Processes come and go while /proc is read: every step takes an error code.
        std::error_code error;
        for (fs::directory_iterator it("/proc", error), end; !error && it != end;
             it.increment(error)) {
            const fs::directory_entry& entry = *it;
            struct stat info {};
            const std::string name = entry.path().filename().string();
            if (name.find_first_not_of("0123456789") != std::string::npos ||
                ::stat(entry.path().c_str(), &info) != 0 || info.st_uid != uid) {
                continue;
            }
            std::ifstream environ(entry.path() / "environ");
            const std::string text{std::istreambuf_iterator<char>(environ),
                                   std::istreambuf_iterator<char>()};
            if (text.find(mark) != std::string::npos) ++count;
        }
        return count;
    }
};

TEST_F(HostileUsers, AnotherUsersFileIsNeverAnOutputFile) {
    const std::string victim = file_of(alice(), "results.txt");
    std::ofstream(victim) << "alice's results\n";
    ASSERT_EQ(::chown(victim.c_str(), users_->alice.uid, users_->alice.gid), 0);
    ::chmod(victim.c_str(), 0644);

    const auto id = cluster().submit({"-o", victim, "-b", "y", "echo", "pwned"}, "", bob());
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(failed_line(id), "26  : opening input/output file");
    EXPECT_EQ(slurp(victim), "alice's results\n");
}

TEST_F(HostileUsers, RootsFoldersAreNeitherOutputNorWorkingDirectory) {
    const std::string planted = "/etc/bramble-hostile-test-" + std::to_string(::getpid());
    const auto out = cluster().submit({"-o", planted, "-b", "y", "echo", "pwned"}, "", bob());
    const auto wd = cluster().submit({"-wd", "/root", "-b", "y", "ls"}, "", bob());
    ASSERT_NE(out, 0u);
    ASSERT_NE(wd, 0u);
    ASSERT_TRUE(cluster().wait_gone(out));
    ASSERT_TRUE(cluster().wait_gone(wd));
    EXPECT_EQ(failed_line(out), "26  : opening input/output file");
    EXPECT_FALSE(fs::exists(planted));
    EXPECT_EQ(failed_line(wd), "28  : changing into working directory");
}

TEST_F(HostileUsers, AJobCannotSignalAnotherUsersJob) {
    const std::string pid_file = file_of(alice(), "victim.pid");
    const std::string gate = file_of(alice(), "gate");
    gates_.push_back(gate);
    gated_jobs_.push_back(
        cluster().submit({"-N", "victim", "-l", "hostname=pi01", "-b", "y", "/bin/sh", "-c",
                          "echo $$ > " + pid_file + "; " + wait_for_file_command(gate)},
                         "", alice()));
    ASSERT_TRUE(cluster().wait_state(gated_jobs_.back(), "r"));
    ASSERT_TRUE(cluster().wait_for_file(pid_file));

    const std::string out =
        bobs_job("kill -KILL $(cat " + pid_file + "); echo kill=$?; pkill -KILL -u " + alice() +
                 "; echo pkill=$?");
    EXPECT_THAT(out, HasSubstr("kill=1")) << out;
    EXPECT_THAT(out, Not(HasSubstr("pkill=0"))) << out;
    EXPECT_EQ(cluster().qstat_state(gated_jobs_.back()), "r");
}

TEST_F(HostileUsers, AJobCannotStartCommandsInsideAnotherUsersJob) {
    const std::string gate = file_of(alice(), "gate");
    gates_.push_back(gate);
    gated_jobs_.push_back(cluster().submit({"-N", "victim", "-l", "hostname=pi01", "-b", "y",
                                            "/bin/sh", "-c", wait_for_file_command(gate)},
                                           "", alice()));
    const std::string victim = std::to_string(gated_jobs_.back());
    ASSERT_TRUE(cluster().wait_state(gated_jobs_.back(), "r"));

    // Bob's job shares pi01 with alice's and claims to be it, for this node and the other.
    const std::string breach = file_of(bob(), "breach");
    const std::string out = bobs_job("for h in pi01 pi02; do JOB_ID=" + victim + " " + kQrsh +
                                     " -inherit $h touch " + breach + "; echo qrsh=$?; done");
    // Both requests go to pi01's execd, where bob's job runs; it knows whose job 'victim' is.
    const std::string refused =
        "qrsh: uid " + std::to_string(users_->bob.uid) + " does not own job " + victim + "\n";
    EXPECT_EQ(out, refused + "qrsh=1\n" + refused + "qrsh=1\n");
    EXPECT_FALSE(fs::exists(breach));
    EXPECT_EQ(cluster().qstat_state(gated_jobs_.back()), "r");
}

}  // namespace
}  // namespace bramble::test
