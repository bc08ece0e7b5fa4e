// qhold, qrls and qalter as a user sees them: a held job (hqw) is not started even on a free
// core until it is released; qsub -h submits held; qalter changes a waiting job and refuses one
// that runs; nobody changes another user's job.
// Nodes: pi01 and pi02, 1 core each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class HoldAlter : public ProbeSuite {
  protected:
    void fill_cluster() {
        auto a = gated("full0"), b = gated("full1");
        ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    }
};

TEST_F(HoldAlter, QholdKeepsAPendingJobOffAFreeCoreUntilQrls) {
    fill_cluster();
    auto job = gated("held");
    const std::string id = std::to_string(job);
    ASSERT_EQ(cluster().qstat_state(job), "qw");

    ProcessResult hold = cluster().run("qhold", {id});
    EXPECT_EQ(hold.exit_code, 0) << hold.describe();
    EXPECT_EQ(hold.out, "modified hold of job " + id + "\n");
    EXPECT_EQ(cluster().qstat_state(job), "hqw");

    open_gate("full0");
    ASSERT_TRUE(cluster().wait_gone(gated_jobs_[0]));
    auto probe_id = probe("after", "true");  // runs on the freed core only if a pass has run
    ASSERT_TRUE(cluster().wait_state(probe_id, "r"));
    EXPECT_EQ(cluster().qstat_state(job), "hqw") << "a held job must not start";
    open_gate("after");
    ASSERT_TRUE(cluster().wait_gone(probe_id));

    ProcessResult release = cluster().run("qrls", {id});
    EXPECT_EQ(release.exit_code, 0) << release.describe();
    EXPECT_EQ(release.out, "modified hold of job " + id + "\n");
    EXPECT_TRUE(cluster().wait_state(job, "r"));
}

TEST_F(HoldAlter, QsubHSubmitsHeld) {
    auto job = gated("held", {"-h"});
    ASSERT_NE(job, 0u);
    EXPECT_EQ(cluster().qstat_state(job), "hqw");
    EXPECT_EQ(cluster().run("qrls", {std::to_string(job)}).exit_code, 0);
    EXPECT_TRUE(cluster().wait_state(job, "r"));
}

TEST_F(HoldAlter, QalterRenamesAPendingJob) {
    fill_cluster();
    auto job = gated("before");
    const std::string id = std::to_string(job);
    ProcessResult r = cluster().run("qalter", {"-N", "renamed", id});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "modified job name of job " + id + "\n");
    auto row = qstat_row(job);
    ASSERT_GE(row.size(), 5u);
    EXPECT_EQ(row[2], "renamed");
    EXPECT_EQ(row[4], "qw");
    EXPECT_EQ(detail_value(job, "job_name"), "renamed");
}

TEST_F(HoldAlter, QalterRefusesARunningJob) {
    auto job = gated("running");
    ASSERT_TRUE(cluster().wait_state(job, "r"));
    const std::string id = std::to_string(job);
    ProcessResult r = cluster().run("qalter", {"-N", "renamed", id});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out + r.err, HasSubstr("job " + id)) << r.describe();
    EXPECT_THAT(r.out + r.err, HasSubstr("only a waiting job can be altered")) << r.describe();
    EXPECT_EQ(detail_value(job, "job_name"), "gated") << "the running job kept its name";
}

TEST_F(HoldAlter, AnotherUsersJobIsRefused) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    auto job = gated("of_alice", {"-h"}, users->alice.name);
    ASSERT_NE(job, 0u);
    const std::string id = std::to_string(job);
    const std::string denied = "denied: \"" + users->bob.name + "\" is not the owner of job " + id;

    for (const char* tool : {"qrls", "qhold"}) {
        ProcessResult r = cluster().run(tool, {id}, "", users->bob.name);
        EXPECT_NE(r.exit_code, 0) << tool << ": " << r.describe();
        EXPECT_THAT(r.out, HasSubstr(denied)) << tool << ": " << r.describe();
    }
    ProcessResult alter = cluster().run("qalter", {"-N", "bobs", id}, "", users->bob.name);
    EXPECT_NE(alter.exit_code, 0) << alter.describe();
    EXPECT_THAT(alter.out, HasSubstr(denied)) << alter.describe();
    EXPECT_EQ(cluster().qstat_state(job), "hqw") << "bob must not release alice's job";
    EXPECT_EQ(detail_value(job, "job_name"), "gated");

    ProcessResult by_alice = cluster().run("qrls", {id}, "", users->alice.name);
    EXPECT_EQ(by_alice.exit_code, 0) << by_alice.describe();
    EXPECT_TRUE(cluster().wait_state(job, "r"));
}

}  // namespace
}  // namespace bramble::test
