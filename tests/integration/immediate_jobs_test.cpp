// qsub -now y: the job starts at once or is deleted, and qsub says which in Grid Engine's words and
// exit status.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::MatchesRegex;

class ImmediateJobs : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(1)); }  // one slot: easy to fill
};

TEST_F(ImmediateJobs, AJobThatCanStartIsScheduledAndRuns) {
    const std::string output = work_file("out");
    ProcessResult r = cluster().run(
        "qsub", {"-now", "y", "-cwd", "-b", "y", "-o", output, "-j", "y", "/bin/echo", "ran"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    unsigned long long id = 0;
    ASSERT_EQ(std::sscanf(r.out.c_str(), "Your job %llu", &id), 1) << r.describe();
    EXPECT_EQ(r.out, "Your job " + std::to_string(id) + " (\"echo\") has been submitted\n");
    EXPECT_EQ(r.err, "Waiting for immediate job to be scheduled.\n\nYour immediate job " +
                         std::to_string(id) + " has been successfully scheduled.\n");
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(slurp(output), "ran\n");
}

TEST_F(ImmediateJobs, AJobThatCannotStartAtOnceIsDeletedAndQsubFails) {
    const auto busy = gated("busy");
    ASSERT_TRUE(cluster().wait_state(busy, "r"));
    ProcessResult r = cluster().run("qsub", {"-now", "y", "-cwd", "-b", "y", "/bin/true"});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_THAT(r.out, MatchesRegex("Your job [0-9]+ \\(\"true\"\\) has been submitted\n"));
    EXPECT_EQ(r.err,
              "Waiting for immediate job to be scheduled.\n\nYour qsub request could not be "
              "scheduled, try again later.\n");
    unsigned long long id = 0;
    ASSERT_EQ(std::sscanf(r.out.c_str(), "Your job %llu", &id), 1) << r.describe();
    // Gone, not waiting behind the busy job.
    ProcessResult listing = cluster().run("qstat", {"-u", "*"});
    EXPECT_THAT(listing.out, ::testing::Not(::testing::HasSubstr(" " + std::to_string(id) + " ")))
        << listing.out;
}

TEST_F(ImmediateJobs, WithoutNowYTheSameJobWaits) {
    const auto busy = gated("busy");
    ASSERT_TRUE(cluster().wait_state(busy, "r"));
    ProcessResult r = cluster().run("qsub", {"-now", "n", "-cwd", "-b", "y", "/bin/true"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.err, "");
    const auto id = std::stoull(r.out.substr(std::string("Your job ").size()));
    EXPECT_TRUE(cluster().wait_state(id, "qw"));
    touch(gates_.back());
    EXPECT_TRUE(cluster().wait_gone(id));
}

TEST_F(ImmediateJobs, ANowJobCannotBeHeldOrAnArray) {
    ProcessResult held = cluster().run("qsub", {"-now", "y", "-h", "-b", "y", "/bin/true"});
    EXPECT_EQ(held.exit_code, 1) << held.describe();
    EXPECT_THAT(held.err, ::testing::HasSubstr("cannot be submitted on hold (-h)"));
    ProcessResult array = cluster().run("qsub", {"-now", "y", "-t", "1-3", "-b", "y", "/bin/true"});
    EXPECT_EQ(array.exit_code, 1) << array.describe();
    EXPECT_THAT(array.err, ::testing::HasSubstr("cannot be an array job (-t)"));
}

}  // namespace
}  // namespace bramble::test
