// Job mail as the user reads it: Grid Engine's subjects and bodies (reaper_execd.c, exec_job.c),
// sent for the events -m asked for, to -M or the owner at the submit host.
#include "job_mail.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

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
              " Queue            = all.q@pi01\n"
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
    EXPECT_THAT(mail->body, HasSubstr("\nfailed assumedly after job because:\n"
                                      "job 12.1 died through signal KILL (9)"));
    job.exit.signal = 0;
    EXPECT_THAT(job_mail(job, MailEvent::ended, "all.q", fixed_clock)->body,
                HasSubstr("\nfailed assumedly after job because:\nkilled on request"));
}

struct ReferenceMail {
    std::string subject;
    std::string recipient;
    std::string body;
};

// The mails in a capture of tests/reference/sge/capture-scripts/fidelity.sh: each the mailer's
// arguments (-s SUBJECT RECIPIENT), one a line, then "--- body ---" and what it read.
std::vector<ReferenceMail> reference_mails(const std::string& name) {
    std::ifstream in(std::string(BRAMBLE_SOURCE_DIR) + "/tests/reference/sge/" + name);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<ReferenceMail> mails;
    const std::string start = "=== mail\n-s\n";
    for (auto at = text.find(start); at != std::string::npos;) {
        const auto next = text.find(start, at + 1);
        const std::string mail = text.substr(at + start.size(), next - at - start.size());
        const auto subject_end = mail.find('\n');
        const auto recipient_end = mail.find('\n', subject_end + 1);
        const std::string body_mark = "--- body ---\n";
        const auto body = mail.find(body_mark, recipient_end);
        mails.push_back({mail.substr(0, subject_end),
                         mail.substr(subject_end + 1, recipient_end - subject_end - 1),
                         mail.substr(body + body_mark.size())});
        at = next;
    }
    return mails;
}

// Grid Engine's two mails about a running job deleted with -m a: the qmaster's "Killed" as qdel
// is taken, the node's "Aborted" at the end (sge-reference mail-deleted-running-m-a.txt, job 20).
TEST(JobMail, DeletedWhileRunningAsGridEngineMailsIt) {
    const auto reference = reference_mails("mail-deleted-running-m-a.txt");
    ASSERT_EQ(reference.size(), 2u);
    Job job;
    job.id = 20;
    job.spec.name = "killed";
    job.spec.submit_host = "vm";
    job.spec.mail_events = "a";
    job.owner.user = "bramble-alice";
    job.allocation.grants = {{.node = "vm", .cores = {0}, .memory = 0}};
    job.deleted = true;
    job.deleted_by = "bramble-alice";
    job.exit.exit_status = 137;
    job.exit.signal = 9;
    job.exit.failed = 100;
    job.exit.user_seconds = 0.01;  // Grid Engine printed 00:00:00, not NA: not quite nothing
    job.exit.max_rss_kb = 3628;    // 3.543M
    job.exit.start_time = 100;
    job.exit.end_time = 110;
    job.exit.host = "vm";
    const MailClock clock = [](std::int64_t seconds) {
        return seconds == 100 ? "12/07/2026 22:45:17" : "12/07/2026 22:45:18";
    };

    auto killed = job_mail(job, MailEvent::killed, "all.q", clock, "bramble-alice@vm");
    ASSERT_TRUE(killed);
    EXPECT_EQ(killed->subject, reference[0].subject);
    EXPECT_EQ(killed->recipients, std::vector<std::string>{reference[0].recipient});
    EXPECT_EQ(killed->body + "\n", reference[0].body);

    auto aborted = job_mail(job, MailEvent::ended, "all.q", clock);
    ASSERT_TRUE(aborted);
    EXPECT_EQ(aborted->subject, reference[1].subject);
    EXPECT_EQ(aborted->recipients, std::vector<std::string>{reference[1].recipient});
    EXPECT_EQ(aborted->body + "\n", reference[1].body);

    // -m e: the "Aborted" only (mail-deleted-running-m-e.txt).
    job.spec.mail_events = "e";
    EXPECT_FALSE(job_mail(job, MailEvent::killed, "all.q", clock, "bramble-alice@vm"));
    EXPECT_EQ(reference_mails("mail-deleted-running-m-e.txt").size(), 1u);
    EXPECT_TRUE(job_mail(job, MailEvent::ended, "all.q", clock));
}

TEST(JobMail, AnArrayTaskIsKilledInOtherWords) {
    Job job = ended_job();
    job.id = task_job_id(12, 3);
    auto mail = job_mail(job, MailEvent::killed, "all.q", fixed_clock, "root@head");
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->subject, "Job-array task 12.3 (sim) Killed");
    EXPECT_EQ(mail->body, "Job-array task 12.3 (sim) was killed by root@head");
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
