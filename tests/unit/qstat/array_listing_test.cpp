// An array job in qstat's listings as Grid Engine 8.1.9 shows it (tests/reference/sge/): its
// waiting tasks as one line, one <job_list> with <tasks> and one qstat -j block, under the ranges
// Grid Engine prints ("4,7", "1-7:3"); each running task on a line of its own.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_detail.hpp"
#include "format_table.hpp"
#include "format_xml.hpp"
#include "job_builder.hpp"
#include "model/task_id.hpp"
#include "support/reference.hpp"

namespace bramble::qstat {
namespace {

using test::JobBuilder;

// qstat-array-running.txt's situation: array 78 "arr2" -t 1-7:3 submitted at 12/07/2026 08:55:41
// UTC, task 1 running on vm since then, 4 and 7 waiting.
constexpr std::int64_t kArraySubmitted = 1796633741;

std::vector<JobRow> array_with_one_running() {
    JobRow running =
        JobBuilder(task_job_id(78, 1), "arr2").user("geacc").step(3).on("vm", 1).score(0.5);
    running.submit_time = running.start_time = kArraySubmitted;
    std::vector<JobRow> jobs = {running};
    for (const int task : {4, 7}) {
        JobRow waiting = JobBuilder(task_job_id(78, task), "arr2").user("geacc").step(3).score(0);
        waiting.submit_time = kArraySubmitted;
        jobs.push_back(waiting);
    }
    return jobs;
}

TEST(ArrayListing, TableShowsTheWaitingTasksAsGridEngineDoes) {
    const auto reference = bramble::test::grid_engine_reference("qstat-array-running.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_job_table(array_with_one_running(), test::utc_context()), reference.out);
}

// -t 1-10 less 1, 2 (running), 4, 6, 8, 10 (deleted): Grid Engine's range list keeps the array's
// step, so the four tasks left are four ranges.
TEST(ArrayListing, WaitingTasksFollowTheArraysStep) {
    std::vector<JobRow> jobs;
    for (const int task : {3, 5, 7, 9})
        jobs.push_back(JobBuilder(task_job_id(12, task), "sweep"));
    const std::string table = format_job_table(jobs, test::utc_context());
    EXPECT_TRUE(table.ends_with(" 3,5,7,9\n")) << table;
}

TEST(ArrayListing, XmlHasOneJobListWithTasksForTheWaitingOnes) {
    const auto reference = bramble::test::grid_engine_reference("qstat-xml-array-running.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_job_xml(array_with_one_running(), test::utc_context()), reference.out);
}

// qstat-j-array.txt: array 60 -t 1-7:3, every task waiting. bramble prints more keys than this
// Grid Engine (priority, its own per-task lines), so the block is compared where they agree: one
// block, the tasks' range after script_file, one line for the waiting tasks.
TEST(ArrayDetail, OneBlockForTheWholeArray) {
    const auto reference = bramble::test::grid_engine_reference("qstat-j-array.txt");
    ASSERT_NE(reference.out.find("script_file:                sleep\n"
                                 "job-array tasks:            1-7:3\n"),
              std::string::npos);
    wire::JobDetailReply reply;
    for (const int task : {1, 4, 7}) {
        JobBuilder builder(task_job_id(60, task), "arr");
        Job& job = builder.edit();
        job.spec.binary = true;
        job.spec.args = {"sleep", "1"};
        job.spec.task_first = 1;
        job.spec.task_last = 7;
        job.spec.task_step = 3;
        reply.jobs.push_back(builder);
        reply.pending_reasons.push_back("queue instance \"all.q@vm\" dropped because it is full");
    }
    const std::string text = format_job_details(reply, test::utc_context());
    EXPECT_EQ(text.find("job_number:"), text.rfind("job_number:")) << text;
    EXPECT_NE(text.find("job_number:                 60\n"), std::string::npos) << text;
    EXPECT_NE(text.find("job_args:                   1\n"
                        "script_file:                sleep\n"
                        "job-array tasks:            1-7:3\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("job_state             1-7:3: qw\n"), std::string::npos) << text;
    EXPECT_NE(text.find("scheduling info:            queue instance \"all.q@vm\" dropped"),
              std::string::npos)
        << text;
}

TEST(ArrayDetail, RunningTasksHaveTheirOwnLinesAndTheWaitingOnesShareOne) {
    wire::JobDetailReply reply;
    for (const int task : {1, 2, 3, 5}) {
        JobBuilder builder(task_job_id(9, task), "sweep");
        if (task == 1) builder.on("pi01", 1);
        if (task == 5) builder.state(JobState::Held);
        Job& job = builder.edit();
        job.spec.task_first = 1;
        job.spec.task_last = 5;
        job.spec.task_step = 1;
        reply.jobs.push_back(builder);
    }
    reply.jobs.push_back(JobBuilder(10, "plain"));
    const std::string text = format_job_details(reply, test::utc_context());
    EXPECT_NE(text.find("job-array tasks:            1-5:1\n"
                        "binding:                    set linear:1\n"
                        "job_state             1:    r\n"
                        "start_time            1:    11/23/2025 09:40:00\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("job_state             2,3:  qw\n"
                        "job_state             5:    hqw\n"),
              std::string::npos)
        << text;
    // Two blocks: the array's and the plain job's.
    EXPECT_NE(text.find("job_number:                 10\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("job_number:                 9\n"),
              text.rfind("job_number:                 9\n"));
}

TEST(ArrayDetail, XmlIsOneElementPerArray) {
    wire::JobDetailReply reply;
    for (const int task : {1, 2})
        reply.jobs.push_back(JobBuilder(task_job_id(9, task), "sweep"));
    const std::string text = format_detail_xml(reply, test::utc_context());
    const std::string number = "<JB_job_number>9</JB_job_number>";
    ASSERT_NE(text.find(number), std::string::npos) << text;
    EXPECT_EQ(text.find(number), text.rfind(number)) << text;
}

}  // namespace
}  // namespace bramble::qstat
