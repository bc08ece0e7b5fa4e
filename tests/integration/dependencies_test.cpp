// -hold_jid through the real tools: a dependent job shows hqw until its predecessor ends well and
// then runs; a failed predecessor leaves it held with the reason in qstat -j until qrls.
// Nodes: pi01 and pi02, one core each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

using Dependencies = ClusterSuite;

TEST_F(Dependencies, ADependentJobWaitsForItsPredecessorByName) {
    auto first = gated("step1", {"-N", "step1"});
    ASSERT_TRUE(cluster().wait_state(first, "r"));
    const std::string marker = work_file("step2.ran");
    const auto second = cluster().submit(
        {"-hold_jid", "step1", "-cwd", "-b", "y", "/bin/sh", "-c", "touch '" + marker + "'"});
    ASSERT_NE(second, 0U);
    EXPECT_TRUE(cluster().wait_state(second, "hqw")) << cluster().run("qstat", {"-u", "*"}).out;
    const ProcessResult detail = cluster().run("qstat", {"-j", std::to_string(second)});
    EXPECT_THAT(detail.out, HasSubstr("waits for job " + std::to_string(first) + " to finish"))
        << detail.describe();
    touch(gates_[0]);
    EXPECT_TRUE(cluster().wait_for_file(marker));
    EXPECT_TRUE(cluster().wait_gone(second));
}

TEST_F(Dependencies, AFailedPredecessorHoldsTheDependentUntilReleased) {
    const auto failing = cluster().submit({"-cwd", "-b", "y", "/bin/sh", "-c", "exit 3"});
    ASSERT_NE(failing, 0U);
    const std::string marker = work_file("after.ran");
    const auto dependent = cluster().submit({"-hold_jid", std::to_string(failing), "-cwd", "-b",
                                             "y", "/bin/sh", "-c", "touch '" + marker + "'"});
    ASSERT_NE(dependent, 0U);
    ASSERT_TRUE(cluster().wait_gone(failing));
    ASSERT_TRUE(cluster().wait_until([&] {
        return cluster()
                   .run("qstat", {"-j", std::to_string(dependent)})
                   .out.find("dependency " + std::to_string(failing) + " failed (exit 3)") !=
               std::string::npos;
    })) << cluster().run("qstat", {"-j", std::to_string(dependent)}).out;
    EXPECT_EQ(cluster().qstat_state(dependent), "hqw");
    const ProcessResult released = cluster().run("qrls", {std::to_string(dependent)});
    EXPECT_EQ(released.out, "modified hold of job " + std::to_string(dependent) + "\n")
        << released.describe();
    EXPECT_TRUE(cluster().wait_for_file(marker));
}

TEST_F(Dependencies, AnUnknownJobIsRefusedAtQsub) {
    const ProcessResult result = cluster().run("qsub", {"-hold_jid", "999999", "-b", "y", "true"});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_THAT(result.err, HasSubstr("-hold_jid 999999: job 999999 does not exist"))
        << result.describe();
}

// -hold_jid_ad: task i of the second array waits for task i of the first, not for the whole array.
TEST_F(Dependencies, ArrayTasksWaitForTheirOwnTaskOfTheOtherArray) {
    const std::string gate = work_file("first.gate");
    gates_.push_back(gate);
    const ProcessResult first = cluster().run(
        "qsub", {"-terse", "-t", "1-2", "-cwd", "-b", "y", "/bin/sh", "-c",
                 "if [ $SGE_TASK_ID = 2 ]; then " + wait_for_file_command(gate) + "; fi"});
    ASSERT_EQ(first.exit_code, 0) << first.describe();
    const std::string array = first.out.substr(0, first.out.find('.'));
    const std::string marker = work_file("second");
    const ProcessResult second =
        cluster().run("qsub", {"-terse", "-t", "1-2", "-hold_jid_ad", array, "-cwd", "-b", "y",
                               "/bin/sh", "-c", "touch '" + marker + ".'$SGE_TASK_ID"});
    ASSERT_EQ(second.exit_code, 0) << second.describe();
    // Task 1 of the first array ends at once, so task 1 of the second runs; task 2 still waits.
    EXPECT_TRUE(cluster().wait_for_file(marker + ".1"));
    const std::string waiting = second.out.substr(0, second.out.find('.')) + ".2";
    EXPECT_TRUE(cluster().wait_until([&] {
        return cluster().run("qstat", {"-j", waiting}).out.find("waits for job " + array + ".2") !=
               std::string::npos;
    })) << cluster().run("qstat", {"-j", waiting}).out;
    touch(gate);
    EXPECT_TRUE(cluster().wait_for_file(marker + ".2"));
    EXPECT_TRUE(cluster().wait_gone(std::stoull(array)));
}

}  // namespace
}  // namespace bramble::test
