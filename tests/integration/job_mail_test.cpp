// qsub -m bea -M: the mail a user receives, through a stand-in sendmail (the config's `mailer`)
// that keeps each message it is handed. Subjects and bodies are Grid Engine's (execd's
// exec_job.c and reaper_execd.c); -M addresses that could reach sendmail as options or headers
// are refused. qstat -j shows mail_options and mail_list as Grid Engine does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

class JobMail : public ClusterSuite {
  public:
    static void SetUpTestSuite() {
        char pattern[] = "/tmp/bramble-mail.XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        mail_dir_ = pattern;
        const std::string mailer = mail_dir_ + "/sendmail";
        // Each message whole, once complete; its arguments beside it.
        std::ofstream(mailer) << "#!/bin/sh\n"
                                 "d='"
                              << mail_dir_
                              << "'\n"
                                 "echo \"$@\" > \"$d/args.$$\"\n"
                                 "cat > \"$d/part.$$\" && mv \"$d/part.$$\" \"$d/mail.$$\"\n";
        ::chmod(mailer.c_str(), 0755);
        start(small_nodes(1), "mailer: " + mailer + "\n");
    }
    static void TearDownTestSuite() {
        ClusterSuite::TearDownTestSuite();
        std::filesystem::remove_all(mail_dir_);
    }

  protected:
    // The messages received so far whose subject line is `subject`.
    static std::vector<std::string> mails_with(const std::string& subject) {
        std::vector<std::string> found;
        for (const auto& entry : std::filesystem::directory_iterator(mail_dir_)) {
            if (!entry.path().filename().string().starts_with("mail.")) continue;
            const std::string text = slurp(entry.path().string());
            if (text.find("\nSubject: " + subject + "\n") != std::string::npos) {
                found.push_back(text);
            }
        }
        return found;
    }

    static std::string mail_with(const std::string& subject) {
        std::vector<std::string> found;
        cluster().wait_until([&] { return !(found = mails_with(subject)).empty(); }, 20s);
        return found.empty() ? "" : found.front();
    }

    static std::string mail_dir_;
};

std::string JobMail::mail_dir_;

TEST_F(JobMail, BeginAndEndMailsReadAsGridEnginesDo) {
    const auto id = cluster().submit({"-cwd", "-N", "mailed", "-m", "be", "-M", "alice@example.org",
                                      "-b", "y", "/bin/sh", "-c", "exit 3"});
    ASSERT_NE(id, 0u);
    const std::string job = "Job " + std::to_string(id) + " (mailed)";

    const std::string started = mail_with(job + " Started");
    ASSERT_FALSE(started.empty()) << "no begin mail";
    EXPECT_THAT(started, StartsWith("To: alice@example.org\nSubject: " + job + " Started\n\n"));
    EXPECT_THAT(started, HasSubstr("\n\n" + job + " Started\n User       = " + me() +
                                   "\n Queue      = all.q\n Host       = pi01\n Start Time = "));
    EXPECT_THAT(started, MatchesRegex("(.|\n)*Start Time = [0-9]{2}/[0-9]{2}/[0-9]{4} "
                                      "[0-9]{2}:[0-9]{2}:[0-9]{2}\n"));

    const std::string complete = mail_with(job + " Complete");
    ASSERT_FALSE(complete.empty()) << "no end mail";
    for (const char* label :
         {"\n User             = ", "\n Queue            = all.q@pi01\n",
          "\n Host             = pi01",
          "\n Start Time       = ", "\n End Time         = ", "\n User Time        = 00:00:",
          "\n System Time      = 00:00:", "\n Wallclock Time   = 00:00:", "\n CPU              = ",
          "\n Max vmem         = ", "\n Exit Status      = 3\n"}) {
        EXPECT_THAT(complete, HasSubstr(label)) << complete;
    }
    bool told_to_read_headers = false;
    for (const auto& entry : std::filesystem::directory_iterator(mail_dir_)) {
        if (entry.path().filename().string().starts_with("args.")) {
            told_to_read_headers = told_to_read_headers || slurp(entry.path().string()) == "-t\n";
        }
    }
    EXPECT_TRUE(told_to_read_headers) << "sendmail is run as `sendmail -t`";
}

TEST_F(JobMail, AbortMailWhenTheJobIsDeleted) {
    const std::string gate = work_file("abort.gate");
    const auto id = cluster().submit({"-cwd", "-N", "doomed", "-m", "a", "-b", "y", "/bin/sh", "-c",
                                      wait_for_file_command(gate)});
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    EXPECT_EQ(cluster().run("qdel", {std::to_string(id)}).exit_code, 0);
    const std::string job = "Job " + std::to_string(id) + " (doomed)";
    const std::string aborted = mail_with(job + " Aborted");
    ASSERT_FALSE(aborted.empty()) << "no abort mail";
    EXPECT_THAT(aborted, HasSubstr("\n\n" + job + " Aborted\n Exit Status      = "));
    EXPECT_THAT(aborted, HasSubstr("\n User             = " + me() + "\n"));
    EXPECT_THAT(aborted, HasSubstr("\n Queue            = all.q@pi01\n"));
    EXPECT_THAT(aborted, HasSubstr("\nfailed assumedly after job because:\n"));
    EXPECT_THAT(aborted, StartsWith("To: " + me() + "@")) << "without -M: the owner";
    EXPECT_TRUE(mails_with(job + " Started").empty()) << "-m a sends no begin mail";
    // As Grid Engine's qmaster, besides the node's "Aborted" (sge-reference
    // mail-deleted-running-m-a.txt): "Job 20 (killed)  was killed by bramble-alice@vm".
    const std::string killed = mail_with(job + " Killed");
    const std::string job_pattern = "Job " + std::to_string(id) + " \\(doomed\\)";
    EXPECT_THAT(killed,
                MatchesRegex("To: " + me() + "@[^\n]+\nSubject: " + job_pattern + " Killed\n\n" +
                             job_pattern + "  was killed by " + me() + "@[^ \n]+\n"));
    touch(gate);
    EXPECT_TRUE(cluster().wait_gone(id));
}

// Grid Engine mails nothing about a job deleted before it started, whatever -m asked for
// (sge-reference mail-deleted-pending.txt is empty after qdel of waiting jobs with -m a, e, b,
// bea). The mail of a job that runs after the deletion shows the mailer has caught up.
TEST_F(JobMail, NoMailForAJobDeletedWhileItWaits) {
    const auto waiting =
        cluster().submit({"-cwd", "-N", "never_ran", "-m", "bea", "-h", "-b", "y", "/bin/true"});
    ASSERT_NE(waiting, 0u);
    EXPECT_EQ(cluster().run("qdel", {std::to_string(waiting)}).exit_code, 0);
    const auto after = cluster().submit({"-cwd", "-N", "after", "-m", "e", "-b", "y", "/bin/true"});
    ASSERT_FALSE(mail_with("Job " + std::to_string(after) + " (after) Complete").empty());
    for (const char* what : {" Started", " Complete", " Aborted", " Killed"}) {
        EXPECT_TRUE(mails_with("Job " + std::to_string(waiting) + " (never_ran)" + what).empty())
            << what;
    }
}

TEST_F(JobMail, QstatJShowsTheMailOptionsAndList) {
    const std::string gate = work_file("shown.gate");
    const auto id = cluster().submit({"-cwd", "-N", "shown", "-m", "eb", "-M", "a@x.org,b", "-b",
                                      "y", "/bin/sh", "-c", wait_for_file_command(gate)});
    const std::string detail = cluster().run("qstat", {"-j", std::to_string(id)}).out;
    EXPECT_THAT(detail, HasSubstr("\nmail_options:               be\n"
                                  "mail_list:                  a@x.org,b\n"
                                  "notify:                     FALSE\n"));
    touch(gate);
    EXPECT_TRUE(cluster().wait_gone(id));
}

TEST_F(JobMail, AddressesThatCouldReachSendmailAsOptionsOrHeadersAreRefused) {
    for (const std::string hostile : {"-oQ/tmp/x", "a@b\nBcc: eve@evil.org", "a b", "a@b,-t"}) {
        ProcessResult r = cluster().run("qsub", {"-m", "e", "-M", hostile, "-b", "y", "/bin/true"});
        EXPECT_EQ(r.exit_code, 2) << r.describe();
        EXPECT_THAT(r.err, StartsWith("qsub: option -M: mail address ")) << r.describe();
    }
}

}  // namespace
}  // namespace bramble::test
