// qstat -j: keys padded to column 28, Univa-style per-task lines ending in the state letters,
// and the stderr text for unknown jobs.
#include <gtest/gtest.h>

#include <string>

#include "format_detail.hpp"
#include "job_builder.hpp"

namespace bramble::qstat {
namespace {

using test::JobBuilder;

Job submitted_job() {
    JobBuilder builder(42, "pi");
    Job& job = builder.edit();
    job.spec.script_path = "pi.sh";
    job.spec.args = {"100"};
    job.spec.workdir = "/home/pi/work";
    job.spec.join = true;
    job.spec.pe = "smp";
    job.spec.slots = 4;
    job.spec.resources = {{"h_rt", "3600"}, {"h_vmem", "2G"}};
    job.spec.env = {{"OMP_NUM_THREADS", "4"}, {"MODE", "fast"}};
    job.spec.submit_host = "head";
    job.spec.submit_env = {{"HOME", "/home/pi"},
                           {"LOGNAME", "pi"},
                           {"PATH", "/usr/bin:/bin"},
                           {"SHELL", "/bin/bash"},
                           {"WORKDIR", "/home/pi/work"}};
    return builder;
}

// Everything up to the per-task lines; "key:" padded to 28 ("job_number:" is 11, plus 17 blanks).
const std::string kHead = std::string(62, '=') + "\n" +
                          "job_number:                 42\n"
                          "exec_file:                  job_scripts/42\n"
                          "submission_time:            Sun Nov 23 09:37:01 2025\n"
                          "owner:                      pi\n"
                          "uid:                        1000\n"
                          "group:                      pi\n"
                          "gid:                        1000\n"
                          "sge_o_home:                 /home/pi\n"
                          "sge_o_log_name:             pi\n"
                          "sge_o_path:                 /usr/bin:/bin\n"
                          "sge_o_shell:                /bin/bash\n"
                          "sge_o_workdir:              /home/pi/work\n"
                          "sge_o_host:                 head\n"
                          "account:                    sge\n"
                          "cwd:                        /home/pi/work\n"
                          "merge:                      y\n"
                          "hard resource_list:         h_rt=3600,h_vmem=2G\n"
                          "mail_list:                  pi@head\n"
                          "notify:                     FALSE\n"
                          "job_name:                   pi\n"
                          "priority:                   0\n"
                          "jobshare:                   0\n"
                          "env_list:                   OMP_NUM_THREADS=4,MODE=fast\n"
                          "job_args:                   100\n"
                          "script_file:                pi.sh\n"
                          // Grid Engine's own spacing: two blanks after the colon, not column 28.
                          "parallel environment:  smp range: 4\n"
                          // One core per slot, as Grid Engine's -binding linear:4 asks.
                          "binding:                    set linear:4\n";

TEST(JobDetail, PendingJobShowsItsReason) {
    const std::string expected =
        kHead +
        // "job_state" padded to 22, "1:" padded to 6: the value at 28.
        "job_state             1:    qw\n"
        "prio:                       0.00000\n"
        "prio parts:                 priority 0.00000, fair share 0.00000, waiting 0.00000\n"
        "scheduling info:            cannot run: needs 4 cores, the largest\n"
        "                            node has 2\n";
    EXPECT_EQ(
        format_job_detail(submitted_job(), "cannot run: needs 4 cores, the largest\nnode has 2",
                          test::utc_context()),
        expected);
}

TEST(JobDetail, PendingJobShowsItsPriorityAndReservation) {
    wire::JobPlanNote note;
    note.priority = 1.5;
    note.priority_part = 0.5;
    note.fair_share_part = 0.75;
    note.waiting_part = 0.25;
    note.reserved_start = test::kStart;
    note.reason_until = test::kStart;
    const std::string text =
        format_job_detail(submitted_job(), "reserved to start", test::utc_context(), note);
    EXPECT_NE(text.find("prio:                       1.50000\n"
                        "prio parts:                 priority 0.50000, fair share 0.75000, "
                        "waiting 0.25000\n"
                        "reserved start:             11/23/2025 09:40:00\n"
                        "scheduling info:            reserved to start until 11/23/2025 "
                        "09:40:00\n"),
              std::string::npos)
        << text;
}

TEST(JobDetail, RunningJobShowsWhereItRuns) {
    Job running = JobBuilder(7, "r").on("pi01", 2).on("pi02", 2);
    const std::string text =
        format_job_detail(running, "ignored for placed jobs", test::utc_context());
    const std::string tail =
        "job_state             1:    r\n"
        "start_time            1:    11/23/2025 09:40:00\n"
        "exec_host_list        1:    pi01:2,pi02:2\n"
        "usage                 1:    wallclock=00:01:00\n"
        "binding               1:    pi01=0,1:pi02=0,1\n"
        "scheduling info:            -\n";
    ASSERT_GE(text.size(), tail.size());
    EXPECT_EQ(text.substr(text.size() - tail.size()), tail);
}

TEST(JobDetail, FinishedJobShowsExitStatusAndFailure) {
    Job done = JobBuilder(8, "d").on("pi01", 1);
    done.state = JobState::Done;
    done.exit.exit_status = 137;
    done.exit.failed = 100;
    done.exit.failure = "killed by qdel";
    done.exit.wall_seconds = 65;
    done.exit.user_seconds = 3.5;
    done.exit.system_seconds = 1.6;
    done.exit.max_rss_kb = 17908;  // 17908 KiB = 17.5 MiB
    const std::string text = format_job_detail(done, "", test::utc_context());
    const std::string tail =
        "job_state             1:    done\n"
        "start_time            1:    11/23/2025 09:40:00\n"
        "exec_host_list        1:    pi01:1\n"
        "usage                 1:    wallclock=00:01:05, cpu=00:00:05, maxvmem=17.5M\n"
        "binding               1:    pi01=0\n"
        "exit_status:                137\n"
        "failed:                     100 : killed by qdel\n"
        "scheduling info:            -\n";
    ASSERT_GE(text.size(), tail.size());
    EXPECT_EQ(text.substr(text.size() - tail.size()), tail);
}

TEST(JobDetail, BindingNamesTheGrantedCoresOfEveryNode) {
    Job running = JobBuilder(11, "b").on("pi01", 1).on("pi02", 3);
    running.allocation.grants[0].cores = {1};
    running.allocation.grants[1].cores = {0, 2, 3};
    running.spec.slots = 4;
    const std::string text = format_job_detail(running, "", test::utc_context());
    EXPECT_NE(text.find("\nbinding:                    set linear:4\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nbinding               1:    pi01=1:pi02=0,2,3\n"), std::string::npos)
        << text;
}

TEST(JobDetail, WaitingJobHasNoPerTaskBinding) {
    const std::string text = format_job_detail(submitted_job(), "", test::utc_context());
    EXPECT_EQ(text.find("\nbinding               1:"), std::string::npos) << text;
}

TEST(JobDetail, ScriptsReadTheLastTwoCharactersOfJobState) {
    // seqpipe's uge_status.py: line.startswith("job_state") then line.strip()[-2:].
    const Job held = JobBuilder(9, "h").state(JobState::Held);
    const std::string text = format_job_detail(held, "", test::utc_context());
    EXPECT_NE(text.find("\njob_state             1:    hqw\n"), std::string::npos);
}

TEST(JobDetail, ErrorJobShowsWhy) {
    Job failed = JobBuilder(10, "e").state(JobState::Error);
    failed.error_reason = "cannot open output file /nope/e.o10";
    const std::string text = format_job_detail(failed, "", test::utc_context());
    EXPECT_NE(text.find("\nerror reason          1:    cannot open output file /nope/e.o10\n"),
              std::string::npos);
}

TEST(JobDetail, RepliesListEveryJobWithItsReason) {
    wire::JobDetailReply reply;
    reply.jobs = {JobBuilder(1, "a"), JobBuilder(2, "b")};
    reply.pending_reasons = {"first reason", "second reason"};
    const std::string text = format_job_details(reply, test::utc_context());
    EXPECT_LT(text.find("scheduling info:            first reason\n"),
              text.find("scheduling info:            second reason\n"));
}

TEST(JobDetail, MissingJobsAsGridEngineSaysIt) {
    EXPECT_EQ(format_missing_jobs({"123"}), "Following jobs do not exist: \n123\n");
    EXPECT_EQ(format_missing_jobs({"123", "nosuch"}),
              "Following jobs do not exist: \n123, nosuch\n");
    EXPECT_EQ(format_missing_jobs({}), "");
}

// Another user's job is shown to everybody: what its owner typed reaches their terminals only as
// visible text, never as an escape sequence or a line of its own.
TEST(JobDetail, ControlCharactersInWhatTheOwnerTypedAreShownEscaped) {
    Job job = submitted_job();
    job.spec.env = {{"PS1", "\x1b]0;pwned\x07"}, {"NOTE", "a\nowner: root"}};
    job.spec.args = {"\x1b[2J"};
    const std::string text = format_job_detail(job, "", test::utc_context());
    EXPECT_NE(
        text.find("env_list:                   PS1=\\x1b]0;pwned\\x07,NOTE=a\\x0aowner: root\n"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("job_args:                   \\x1b[2J\n"), std::string::npos) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace bramble::qstat
