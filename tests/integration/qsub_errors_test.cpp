// What qsub says and exits with when it refuses a submission before asking the scheduler, and
// what -help lists, against Grid Engine's own (tests/reference/sge/qsub-*.txt).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"
#include "support/reference.hpp"

namespace bramble::test {
namespace {

class QsubErrors : public ClusterSuite {};

TEST_F(QsubErrors, AnUnknownOptionExitsTwoWithGridEnginesWords) {
    const std::string script = work_file("hello.sh");
    std::ofstream(script) << "echo hello\n";
    const auto reference = grid_engine_reference("qsub-bad-option.txt");
    ProcessResult r = cluster().run("qsub", {"-foo", script});
    EXPECT_EQ(r.out, reference.out);
    EXPECT_EQ(r.err, reference.err);
    EXPECT_EQ(r.exit_code, reference.exit_code);
    EXPECT_EQ(reference.exit_code, 2);
}

TEST_F(QsubErrors, AMissingScriptExitsFourteenWithGridEnginesWords) {
    const auto reference = grid_engine_reference("qsub-missing-file.txt");
    ProcessResult r = cluster().run("qsub", {"/nonexistent/job.sh"});
    EXPECT_EQ(r.out, reference.out);
    EXPECT_EQ(r.err, reference.err);
    EXPECT_EQ(r.exit_code, reference.exit_code);
    EXPECT_EQ(reference.exit_code, 14);
}

TEST_F(QsubErrors, HelpIsLaidOutAsGridEnginesAndExitsZero) {
    const auto reference = grid_engine_reference("qsub-help-head.txt");
    ProcessResult r = cluster().run("qsub", {"-help"});
    EXPECT_EQ(r.exit_code, reference.exit_code);
    // Line 2 is the usage line; line 3 the first option, its meaning at the same column.
    const auto lines_of = [](const std::string& text) {
        std::vector<std::string> lines;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        return lines;
    };
    const auto ours = lines_of(r.out);
    const auto theirs = lines_of(reference.out);
    ASSERT_GE(ours.size(), 3u) << r.describe();
    ASSERT_EQ(theirs.size(), 3u);
    EXPECT_EQ(ours[1], theirs[1]);
    EXPECT_EQ(ours[2].find_first_not_of(' ', ours[2].find(']') + 1), theirs[2].find("request"));
    EXPECT_EQ(ours[2].substr(0, 4), "   [");
}

}  // namespace
}  // namespace bramble::test
