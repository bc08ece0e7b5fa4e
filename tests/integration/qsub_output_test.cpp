// What qsub prints when a job is accepted: Grid Engine's exact line, -terse, and stdin jobs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::MatchesRegex;

class QsubOutput : public ClusterSuite {};

TEST_F(QsubOutput, PrintsYourJobLineWithTheName) {
    ProcessResult r = cluster().run("qsub", {"-cwd", "-b", "y", "-N", "greet", "/bin/true"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, MatchesRegex("Your job [0-9]+ \\(\"greet\"\\) has been submitted\n"));
    EXPECT_EQ(r.err, "");
    unsigned long long id = 0;
    ASSERT_EQ(std::sscanf(r.out.c_str(), "Your job %llu", &id), 1);
    EXPECT_TRUE(cluster().wait_gone(id));
}

TEST_F(QsubOutput, TersePrintsOnlyTheId) {
    ProcessResult r = cluster().run("qsub", {"-terse", "-cwd", "-b", "y", "/bin/true"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, MatchesRegex("[0-9]+\n"));
    EXPECT_TRUE(cluster().wait_gone(std::stoull(r.out)));
}

TEST_F(QsubOutput, ScriptFromStdinIsNamedSTDIN) {
    ProcessResult r = cluster().run("qsub", {"-cwd"}, "echo from stdin\n");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, MatchesRegex("Your job [0-9]+ \\(\"STDIN\"\\) has been submitted\n"));
    unsigned long long id = 0;
    ASSERT_EQ(std::sscanf(r.out.c_str(), "Your job %llu", &id), 1);
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(slurp(cluster().work_dir() + "/STDIN.o" + std::to_string(id)), "from stdin\n");
}

TEST_F(QsubOutput, DefaultNamesAreTheScriptAndCommandBaseNames) {
    const std::string script = work_file("named.sh");
    std::ofstream(script) << "#!/bin/sh\ntrue\n";
    ProcessResult by_script = cluster().run("qsub", {"-cwd", script});
    EXPECT_THAT(by_script.out,
                MatchesRegex("Your job [0-9]+ \\(\"DefaultNamesAreTheScriptAndCommandBaseNames"
                             "\\.named\\.sh\"\\) has been submitted\n"))
        << by_script.describe();
    ProcessResult by_command = cluster().run("qsub", {"-cwd", "-b", "y", "/bin/true"});
    EXPECT_THAT(by_command.out, MatchesRegex("Your job [0-9]+ \\(\"true\"\\) has been submitted\n"))
        << by_command.describe();
    EXPECT_TRUE(cluster().wait_until([] {
        return cluster().run("qstat", {"-u", "*"}).out.empty();
    }));
}

TEST_F(QsubOutput, EachSubmissionGetsANewLargerId) {
    auto first = cluster().submit({"-cwd", "-b", "y", "/bin/true"});
    auto second = cluster().submit({"-cwd", "-b", "y", "/bin/true"});
    EXPECT_GT(second, first);
    EXPECT_TRUE(cluster().wait_gone(first));
    EXPECT_TRUE(cluster().wait_gone(second));
}

}  // namespace
}  // namespace bramble::test
