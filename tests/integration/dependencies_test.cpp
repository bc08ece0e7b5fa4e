// -hold_jid through the real tools, with Grid Engine's meaning (sge-reference hold-*.txt): a
// dependent job shows hqw until its predecessors have ended and then runs, whatever their exit
// status; ids and names that match no job are accepted and are no wait. YAML after: keeps its
// "ended well" meaning: a failed predecessor leaves the dependent held with the reason until qrls.
// Nodes: pi01 and pi02, one core each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

using Dependencies = ClusterSuite;

std::string submitted_line(std::uint64_t id, const std::string& name) {
    return "Your job " + std::to_string(id) + " (\"" + name + "\") has been submitted\n";
}

TEST_F(Dependencies, ADependentJobWaitsForItsPredecessorByName) {
    auto first = gated("step1", {"-N", "step1"});
    ASSERT_TRUE(cluster().wait_state(first, "r"));
    const std::string marker = work_file("step2.ran");
    const auto second = cluster().submit(
        {"-hold_jid", "step1", "-cwd", "-b", "y", "/bin/sh", "-c", "touch '" + marker + "'"});
    ASSERT_NE(second, 0U);
    EXPECT_TRUE(cluster().wait_state(second, "hqw")) << cluster().run("qstat", {"-u", "*"}).out;
    const ProcessResult detail = cluster().run("qstat", {"-j", std::to_string(second)});
    EXPECT_THAT(detail.out, HasSubstr("jid_predecessor_list (req): step1\n")) << detail.describe();
    EXPECT_THAT(detail.out, HasSubstr("waits for job " + std::to_string(first) + " to finish"))
        << detail.describe();
    touch(gates_[0]);
    EXPECT_TRUE(cluster().wait_for_file(marker));
    EXPECT_TRUE(cluster().wait_gone(second));
}

// hold-on-failed-pred.txt and hold-on-running-then-fails.txt: the dependent of a job that
// failed, before or after the dependent was submitted, runs.
TEST_F(Dependencies, AFailedPredecessorDoesNotHoldTheDependent) {
    const std::string gate = work_file("predrun.gate");
    gates_.push_back(gate);
    const auto running = cluster().submit({"-cwd", "-N", "predrun", "-b", "y", "/bin/sh", "-c",
                                           wait_for_file_command(gate) + "; exit 1"});
    ASSERT_NE(running, 0U);
    ASSERT_TRUE(cluster().wait_state(running, "r"));
    const std::string marker = work_file("afterrunfail.ran");
    const ProcessResult dependent = cluster().run(
        "qsub", {"-cwd", "-j", "y", "-N", "afterrunfail", "-hold_jid", std::to_string(running),
                 "-b", "y", "/bin/sh", "-c", "touch '" + marker + "'"});
    ASSERT_EQ(dependent.exit_code, 0) << dependent.describe();
    const std::uint64_t id = std::stoull(dependent.out.substr(9));
    EXPECT_EQ(dependent.out, submitted_line(id, "afterrunfail"));
    EXPECT_TRUE(cluster().wait_state(id, "hqw"));
    touch(gate);
    EXPECT_TRUE(cluster().wait_for_file(marker))
        << cluster().run("qstat", {"-j", std::to_string(id)}).out;

    // predfail then afterfail: the predecessor has already failed when the dependent comes.
    const auto failed = cluster().submit({"-cwd", "-N", "predfail", "-b", "y", "/bin/false"});
    ASSERT_NE(failed, 0U);
    ASSERT_TRUE(cluster().wait_gone(failed));
    const std::string after_marker = work_file("afterfail.ran");
    const auto after =
        cluster().submit({"-cwd", "-N", "afterfail", "-hold_jid", std::to_string(failed), "-b", "y",
                          "/bin/sh", "-c", "touch '" + after_marker + "'"});
    ASSERT_NE(after, 0U);
    EXPECT_TRUE(cluster().wait_for_file(after_marker));
}

// qsub-hold_jid-unknown.txt, hold-on-unknown-name.txt: accepted, and the job runs at once.
TEST_F(Dependencies, UnknownIdsAndNamesAreAcceptedAndNoWait) {
    const std::string by_id = work_file("by-id.ran");
    const ProcessResult result =
        cluster().run("qsub", {"-hold_jid", "99999999", "-b", "y", "-cwd", "-j", "y", "/bin/sh",
                               "-c", "touch '" + by_id + "'"});
    EXPECT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_EQ(result.err, "");
    EXPECT_THAT(result.out, HasSubstr("\") has been submitted\n"));
    EXPECT_TRUE(cluster().wait_for_file(by_id));

    const std::string by_name = work_file("by-name.ran");
    const ProcessResult named =
        cluster().run("qsub", {"-cwd", "-j", "y", "-N", "aftername", "-hold_jid", "nosuchjobname",
                               "-b", "y", "/bin/sh", "-c", "touch '" + by_name + "'"});
    EXPECT_EQ(named.exit_code, 0) << named.describe();
    EXPECT_THAT(named.out, HasSubstr("(\"aftername\") has been submitted\n"));
    EXPECT_TRUE(cluster().wait_for_file(by_name));
}

// YAML after: wants its predecessors to end well: a failure holds the dependent, with the
// reason, until qrls.
TEST_F(Dependencies, AfterInAYamlFileHoldsTheDependentWhenAPredecessorFails) {
    const auto failing = cluster().submit({"-cwd", "-b", "y", "/bin/sh", "-c", "exit 3"});
    ASSERT_NE(failing, 0U);
    const std::string marker = work_file("after.ran");
    const std::string file = work_file("after.yaml");
    std::ofstream(file) << "name: after\nafter: " << failing << "\ncwd: true\ncommand: touch '"
                        << marker << "'\n";
    const auto dependent = cluster().submit({file});
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

TEST_F(Dependencies, AfterInAYamlFileRefusesAnUnknownJob) {
    const std::string file = work_file("unknown.yaml");
    std::ofstream(file) << "after: 99999999\ncommand: 'true'\n";
    const ProcessResult result = cluster().run("qsub", {file});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_THAT(result.err, HasSubstr("after: job 99999999 does not exist")) << result.describe();
}

// qalter -hold_jid replaces the list: the dependent no longer waits for the job it named first.
TEST_F(Dependencies, QalterHoldJidReplacesThePredecessors) {
    const auto first = gated("first", {"-N", "first"});
    ASSERT_TRUE(cluster().wait_state(first, "r"));
    const std::string marker = work_file("replaced.ran");
    const auto dependent = cluster().submit({"-hold_jid", std::to_string(first), "-cwd", "-b", "y",
                                             "/bin/sh", "-c", "touch '" + marker + "'"});
    ASSERT_NE(dependent, 0U);
    ASSERT_TRUE(cluster().wait_state(dependent, "hqw"));
    const ProcessResult altered =
        cluster().run("qalter", {"-hold_jid", "99999999", std::to_string(dependent)});
    EXPECT_EQ(altered.exit_code, 0) << altered.describe();
    EXPECT_TRUE(cluster().wait_for_file(marker)) << "job " << first << " still runs";
    const ProcessResult detail = cluster().run("qstat", {"-j", std::to_string(first)});
    EXPECT_THAT(detail.out, HasSubstr("job_number:")) << "the first job is still there";
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
