// Array jobs through the real tools: qsub -t prints Grid Engine's job-array line, every task runs
// with its SGE_TASK_* variables and writes NAME.oJOB.TASK, waiting tasks share one qstat line with
// their range (one <job_list> in qstat -xml, one block in qstat -j), -tc caps how many run at
// once, and qdel takes one task, a range of them (-t) or all of them.
// Nodes: pi01 and pi02, one core each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class Arrays : public ClusterSuite {
  protected:
    // qsub ARGS, expecting "Your job-array N.RANGE ("name") has been submitted"; returns N.
    std::uint64_t submit_array(const std::vector<std::string>& args, const std::string& range) {
        const ProcessResult result = cluster().run("qsub", args);
        const std::regex line("Your job-array ([0-9]+)\\." + range +
                              " \\(\"[^\"]+\"\\) has been submitted\n");
        std::smatch match;
        if (result.exit_code != 0 || !std::regex_match(result.out, match, line)) {
            ADD_FAILURE() << result.describe();
            return 0;
        }
        return std::stoull(match[1]);
    }

    // The ja-task-ID fields of the job's lines in qstat -u '*'.
    std::vector<std::string> task_fields(std::uint64_t id) {
        std::vector<std::string> fields;
        std::istringstream in(cluster().run("qstat", {"-u", "*"}).out);
        for (std::string line; std::getline(in, line);) {
            std::istringstream words(line);
            std::vector<std::string> word{std::istream_iterator<std::string>(words), {}};
            if (!word.empty() && word[0] == std::to_string(id)) fields.push_back(word.back());
        }
        return fields;
    }
};

TEST_F(Arrays, EveryTaskRunsWithItsNumberAndItsOwnOutputFile) {
    const std::string dir = cluster().work_dir();
    const auto id = submit_array({"-t", "2-6:2", "-cwd", "-N", "sweep", "-b", "y", "/bin/sh", "-c",
                                  "echo $JOB_ID $SGE_TASK_ID $SGE_TASK_FIRST $SGE_TASK_LAST "
                                  "$SGE_TASK_STEPSIZE"},
                                 "2-6:2");
    ASSERT_NE(id, 0U);
    for (const int task : {2, 4, 6}) {
        const std::string out = dir + "/sweep.o" + std::to_string(id) + "." + std::to_string(task);
        ASSERT_TRUE(cluster().wait_for_file(out)) << out;
        ASSERT_TRUE(cluster().wait_until([&] { return !read_file(out).empty(); }));
        EXPECT_EQ(read_file(out), std::to_string(id) + " " + std::to_string(task) + " 2 6 2\n");
    }
    EXPECT_TRUE(cluster().wait_gone(id));
    const ProcessResult terse = cluster().run("qsub", {"-terse", "-t", "1-2", "-b", "y", "true"});
    EXPECT_THAT(terse.out, ::testing::MatchesRegex("[0-9]+\\.1-2:1\n")) << terse.describe();
    cluster().wait_gone(std::stoull(terse.out));
}

TEST_F(Arrays, WaitingTasksShareOneLineWithTheirRange) {
    const std::string gate = work_file("array.gate");
    const auto id = submit_array(
        {"-t", "1-5", "-cwd", "-b", "y", "/bin/sh", "-c", wait_for_file_command(gate)}, "1-5:1");
    ASSERT_NE(id, 0U);
    gates_.push_back(gate);
    // Two cores: tasks 1 and 2 run, each on a line of its own; 3-5 wait on one line.
    ASSERT_TRUE(cluster().wait_until([&] { return task_fields(id).size() == 3; }))
        << cluster().run("qstat", {"-u", "*"}).out;
    EXPECT_EQ(task_fields(id), (std::vector<std::string>{"1", "2", "3-5:1"}));
    // qstat -xml: one <job_list> for the waiting tasks; qstat -j: one block for the array.
    const std::string xml = cluster().run("qstat", {"-xml"}).out;
    EXPECT_THAT(xml, HasSubstr("<tasks>3-5:1</tasks>")) << xml;
    EXPECT_THAT(xml, HasSubstr("<tasks>2</tasks>")) << xml;
    EXPECT_EQ(xml.find("<tasks>3"), xml.rfind("<tasks>3")) << xml;
    const ProcessResult detail = cluster().run("qstat", {"-j", std::to_string(id)});
    EXPECT_EQ(detail.out.find("job_number:"), detail.out.rfind("job_number:")) << detail.out;
    EXPECT_THAT(detail.out, HasSubstr("job-array tasks:            1-5:1\n")) << detail.out;
    EXPECT_THAT(detail.out, HasSubstr("job_state             3-5:1: qw\n")) << detail.out;
    const ProcessResult deleted = cluster().run("qdel", {std::to_string(id) + ".4"});
    EXPECT_THAT(deleted.out,
                HasSubstr("has deleted job-array task " + std::to_string(id) + ".4\n"));
    EXPECT_TRUE(cluster().wait_until([&] {
        return task_fields(id) == std::vector<std::string>{"1", "2", "3,5"};
    })) << cluster().run("qstat", {"-u", "*"}).out;
    const ProcessResult all = cluster().run("qdel", {std::to_string(id)});
    EXPECT_EQ(all.exit_code, 0) << all.describe();
    EXPECT_TRUE(cluster().wait_gone(id));
}

// qdel N -t RANGE (Grid Engine's words: one line for the waiting tasks it deletes), then qdel N:
// a line per running task and one for the rest.
TEST_F(Arrays, QdelTakesTaskRanges) {
    const std::string gate = work_file("range.gate");
    const auto id = submit_array(
        {"-t", "1-10", "-cwd", "-b", "y", "/bin/sh", "-c", wait_for_file_command(gate)}, "1-10:1");
    ASSERT_NE(id, 0U);
    gates_.push_back(gate);
    const std::string job = std::to_string(id);
    ASSERT_TRUE(cluster().wait_until([&] { return task_fields(id).size() == 3; }))
        << cluster().run("qstat", {"-u", "*"}).out;
    const ProcessResult range = cluster().run("qdel", {job, "-t", "6-10"});
    EXPECT_EQ(range.exit_code, 0) << range.describe();
    EXPECT_THAT(range.out,
                ::testing::EndsWith(" has deleted job-array tasks 6-10:1 of job " + job + "\n"))
        << range.describe();
    EXPECT_EQ(task_fields(id), (std::vector<std::string>{"1", "2", "3-5:1"}));
    const ProcessResult none = cluster().run("qdel", {job + ".6-10"});
    EXPECT_EQ(none.exit_code, 1) << none.describe();
    EXPECT_EQ(none.out, "job \"" + job + "\" task id range \"6-10:1\" comprises no tasks\n");
    const ProcessResult all = cluster().run("qdel", {job});
    EXPECT_EQ(all.exit_code, 0) << all.describe();
    EXPECT_THAT(all.out,
                HasSubstr(" has registered the job-array task " + job + ".1 for deletion\n"));
    EXPECT_THAT(all.out,
                HasSubstr(" has registered the job-array task " + job + ".2 for deletion\n"));
    EXPECT_THAT(all.out, ::testing::EndsWith(" has deleted job " + job + "\n")) << all.describe();
    EXPECT_TRUE(cluster().wait_gone(id));
}

TEST_F(Arrays, TcCapsTheTasksRunningAtOnce) {
    const std::string gate = work_file("tc.gate");
    const auto id = submit_array(
        {"-t", "1-3", "-tc", "1", "-cwd", "-b", "y", "/bin/sh", "-c", wait_for_file_command(gate)},
        "1-3:1");
    ASSERT_NE(id, 0U);
    gates_.push_back(gate);
    ASSERT_TRUE(cluster().wait_until([&] { return task_fields(id).size() == 2; }));
    EXPECT_EQ(task_fields(id), (std::vector<std::string>{"1", "2,3"})) << "one core stays free";
    const ProcessResult detail = cluster().run("qstat", {"-j", std::to_string(id) + ".2"});
    EXPECT_THAT(detail.out, HasSubstr("array task limit -tc 1 reached")) << detail.describe();
    touch(gate);
    EXPECT_TRUE(cluster().wait_gone(id));
}

TEST_F(Arrays, MoreTasksThanAnArrayMayHaveAreRefused) {
    const ProcessResult result = cluster().run("qsub", {"-t", "1-100000", "-b", "y", "true"});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_THAT(result.err, HasSubstr("at most 75000")) << result.describe();
}

}  // namespace
}  // namespace bramble::test
