// qdel as a user sees it: a pending job is deleted at once, a running job is killed with every
// process it started and its core goes to the next job, unknown ids and other users' jobs are
// refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

using Qdel = ClusterSuite;

TEST_F(Qdel, DeletesAPendingJob) {
    auto a = gated("a"), b = gated("b");
    ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    auto pending = gated("pending");
    ASSERT_EQ(cluster().qstat_state(pending), "qw");

    ProcessResult r = cluster().run("qdel", {std::to_string(pending)});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, me() + " has deleted job " + std::to_string(pending) + "\n");
    EXPECT_EQ(cluster().qstat_state(pending), "") << "a deleted pending job is gone at once";
}

TEST_F(Qdel, KillsEveryProcessOfARunningJobAndFreesItsCore) {
    auto other = gated("other", {"-q", "all.q@pi02"});
    const std::string pid_file = work_file("child.pid");
    // The job leaves a background child behind, as careless scripts do.
    auto victim =
        cluster().submit({"-cwd", "-q", "all.q@pi01", "-N", "victim", "-b", "y", "/bin/sh", "-c",
                          "sleep 300 & echo $! > " + pid_file + "; wait"});
    gated_jobs_.push_back(victim);
    ASSERT_TRUE(cluster().wait_for_file(pid_file));
    ASSERT_TRUE(cluster().wait_until([&] { return !slurp(pid_file).empty(); }));
    const pid_t child = std::stoi(slurp(pid_file));
    ASSERT_TRUE(process_alive(child));
    ASSERT_TRUE(cluster().wait_state(other, "r"));
    auto next = gated("next");
    ASSERT_EQ(cluster().qstat_state(next), "qw");

    ProcessResult r = cluster().run("qdel", {std::to_string(victim)});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out,
              me() + " has registered the job " + std::to_string(victim) + " for deletion\n");
    EXPECT_TRUE(cluster().wait_gone(victim, 30s));
    EXPECT_TRUE(cluster().wait_until([&] { return !process_alive(child); }, 10s))
        << "the job's background child " << child << " outlived qdel";
    EXPECT_TRUE(cluster().wait_state(next, "r", 10s)) << "the freed core was not used";
    EXPECT_EQ(cluster().qstat_queue(next), "all.q@pi01");
    if (process_alive(child)) ::kill(child, SIGKILL);
}

TEST_F(Qdel, AnUnknownJobIsDenied) {
    ProcessResult r = cluster().run("qdel", {"987654"});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(r.out, "denied: job \"987654\" does not exist\n");
}

TEST_F(Qdel, AnotherUsersJobIsRefused) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    auto of_alice = gated("alice", {}, users->alice.name);
    ASSERT_NE(of_alice, 0u);
    ASSERT_TRUE(cluster().wait_state(of_alice, "r"));

    ProcessResult by_bob = cluster().run("qdel", {std::to_string(of_alice)}, "", users->bob.name);
    EXPECT_NE(by_bob.exit_code, 0) << by_bob.describe();
    EXPECT_THAT(by_bob.out + by_bob.err, HasSubstr(std::to_string(of_alice)));
    EXPECT_EQ(cluster().qstat_state(of_alice), "r") << "bob must not be able to delete alice's job";

    ProcessResult by_alice =
        cluster().run("qdel", {std::to_string(of_alice)}, "", users->alice.name);
    EXPECT_EQ(by_alice.exit_code, 0) << by_alice.describe();
    EXPECT_TRUE(cluster().wait_gone(of_alice));
}

}  // namespace
}  // namespace bramble::test
