// Job mail as the user reads it: Grid Engine's subjects and bodies (reaper_execd.c, exec_job.c),
// sent for the events -m asked for, to -M or the owner at the submit host.
#include "job_mail.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/task_id.hpp"

namespace bramble::scheduler {
namespace {

using ::testing::HasSubstr;

std::string fixed_clock(std::int64_t seconds) {
    return seconds == 100 ? "12/07/2026 08:52:01" : "12/07/2026 08:53:06";
}

Job ended_job() {
    Job job;
    job.id = 12;
    job.spec.name = "sim";
    job.spec.submit_host = "laptop";
    job.spec.mail_events = "abe";
    job.owner.user = "alice";
    job.start_time = 100;
    job.allocation.grants = {{.node = "pi01", .cores = {0}, .memory = 0}};
    job.exit.start_time = 100;
    job.exit.end_time = 165;
    job.exit.wall_seconds = 65;
    job.exit.user_seconds = 61.5;
    job.exit.system_seconds = 2;
    job.exit.max_rss_kb = 3528;
    job.exit.exit_status = 3;
    job.exit.host = "pi01";
    return job;
}

TEST(JobMail, StartedMail) {
    auto mail = job_mail(ended_job(), MailEvent::started, "all.q", fixed_clock);
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->subject, "Job 12 (sim) Started");
    EXPECT_EQ(mail->body,
              "Job 12 (sim) Started\n User       = alice\n Queue      = all.q\n Host       = pi01\n"
              " Start Time = 12/07/2026 08:52:01");
    EXPECT_EQ(mail->recipients, std::vector<std::string>{"alice@laptop"});
}

TEST(JobMail, CompleteMailHasGridEnginesLines) {
    auto mail = job_mail(ended_job(), MailEvent::ended, "all.q", fixed_clock);
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->subject, "Job 12 (sim) Complete");
    EXPECT_EQ(mail->body,
              "Job 12 (sim) Complete\n"
              " User             = alice\n"
              " Queue            = all.q\n"
              " Host             = pi01\n"
              " Start Time       = 12/07/2026 08:52:01\n"
              " End Time         = 12/07/2026 08:53:06\n"
              " User Time        = 00:01:01\n"
              " System Time      = 00:00:02\n"
              " Wallclock Time   = 00:01:05\n"
              " CPU              = 00:01:03\n"
              " Max vmem         = 3.445M\n"  // 3528 KiB
              " Exit Status      = 3");
}

TEST(JobMail, AbortedMailSaysWhy) {
    Job job = ended_job();
    job.deleted = true;
    job.deleted_by = "root";
    job.exit.failed = 100;
    job.exit.exit_status = 137;
    job.exit.signal = 9;
    job.exit.failure = "killed on request";
    auto mail = job_mail(job, MailEvent::ended, "all.q", fixed_clock);
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->subject, "Job 12 (sim) Aborted");
    EXPECT_THAT(mail->body, HasSubstr("Job 12 (sim) Aborted\n Exit Status      = 137\n"
                                      " Signal           = KILL\n User             = alice\n"));
    EXPECT_THAT(mail->body, HasSubstr("\nfailed assumedly after job because:\nkilled on request"));
}

TEST(JobMail, OnlyTheEventsAskedFor) {
    Job job = ended_job();
    job.spec.mail_events = "a";
    EXPECT_FALSE(job_mail(job, MailEvent::started, "all.q", fixed_clock));
    EXPECT_FALSE(job_mail(job, MailEvent::ended, "all.q", fixed_clock)) << "it did not fail";
    job.exit.failed = 37;
    EXPECT_TRUE(job_mail(job, MailEvent::ended, "all.q", fixed_clock));
    job.spec.mail_events = "";
    EXPECT_FALSE(job_mail(job, MailEvent::ended, "all.q", fixed_clock));
}

TEST(JobMail, RecipientsAndTheMessageForSendmail) {
    Job job = ended_job();
    job.spec.mail_list = {"a@x.org", "b"};
    auto mail = job_mail(job, MailEvent::ended, "all.q", fixed_clock);
    ASSERT_TRUE(mail);
    EXPECT_THAT(sendmail_text(*mail),
                ::testing::StartsWith("To: a@x.org, b\nSubject: Job 12 (sim) Complete\n\nJob 12"));
    // A submit host qsub made up is not put into the To header.
    job.spec.mail_list.clear();
    job.spec.submit_host = "laptop, eve@evil.org";
    EXPECT_EQ(job_mail(job, MailEvent::ended, "all.q", fixed_clock)->recipients,
              std::vector<std::string>{"alice"});
}

TEST(JobMail, ArrayTasksAreNamedAsGridEngineNamesThem) {
    Job job = ended_job();
    job.id = task_job_id(12, 3);
    auto mail = job_mail(job, MailEvent::started, "all.q", fixed_clock);
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->subject, "Job-array task 12.3 (sim) Started");
}

}  // namespace
}  // namespace bramble::scheduler
