// qhold, qrls and qalter as a user sees them: a held job (hqw) is not started even on a free
// core until it is released; qsub -h submits held; qalter changes a waiting job, and of a running
// one what still matters; nobody changes another user's job.
// Nodes: pi01 and pi02, 1 core each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "support/probe_suite.hpp"
#include "support/reference.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class HoldAlter : public ProbeSuite {
  protected:
    void fill_cluster() {
        auto a = gated("full0"), b = gated("full1");
        ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    }
};

TEST_F(HoldAlter, QholdKeepsAPendingJobOffAFreeCoreUntilQrls) {
    fill_cluster();
    auto job = gated("held");
    const std::string id = std::to_string(job);
    ASSERT_EQ(cluster().qstat_state(job), "qw");

    ProcessResult hold = cluster().run("qhold", {id});
    EXPECT_EQ(hold.exit_code, 0) << hold.describe();
    EXPECT_EQ(hold.out, "modified hold of job " + id + "\n");
    EXPECT_EQ(cluster().qstat_state(job), "hqw");

    open_gate("full0");
    ASSERT_TRUE(cluster().wait_gone(gated_jobs_[0]));
    auto probe_id = probe("after", "true");  // runs on the freed core only if a pass has run
    ASSERT_TRUE(cluster().wait_state(probe_id, "r"));
    EXPECT_EQ(cluster().qstat_state(job), "hqw") << "a held job must not start";
    open_gate("after");
    ASSERT_TRUE(cluster().wait_gone(probe_id));

    ProcessResult release = cluster().run("qrls", {id});
    EXPECT_EQ(release.exit_code, 0) << release.describe();
    EXPECT_EQ(release.out, "modified hold of job " + id + "\n");
    EXPECT_TRUE(cluster().wait_state(job, "r"));
}

TEST_F(HoldAlter, QsubHSubmitsHeld) {
    auto job = gated("held", {"-h"});
    ASSERT_NE(job, 0u);
    EXPECT_EQ(cluster().qstat_state(job), "hqw");
    EXPECT_EQ(cluster().run("qrls", {std::to_string(job)}).exit_code, 0);
    EXPECT_TRUE(cluster().wait_state(job, "r"));
}

TEST_F(HoldAlter, QalterRenamesAPendingJob) {
    fill_cluster();
    auto job = gated("before");
    const std::string id = std::to_string(job);
    ProcessResult r = cluster().run("qalter", {"-N", "renamed", id});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "modified job name of job " + id + "\n");
    auto row = qstat_row(job);
    ASSERT_GE(row.size(), 5u);
    EXPECT_EQ(row[2], "renamed");
    EXPECT_EQ(row[4], "qw");
    EXPECT_EQ(detail_value(job, "job_name"), "renamed");
}

// Grid Engine renames a running job (reference qalter-running.txt) and refuses what was decided
// when it was placed.
TEST_F(HoldAlter, QalterChangesWhatStillMattersOfARunningJob) {
    auto job = gated("running");
    ASSERT_TRUE(cluster().wait_state(job, "r"));
    const std::string id = std::to_string(job);
    const auto reference = grid_engine_reference("qalter-running.txt");
    ProcessResult r = cluster().run("qalter", {"-N", "x", id});
    EXPECT_EQ(r.exit_code, reference.exit_code) << r.describe();
    EXPECT_EQ(r.out, "modified job name of job " + id + "\n");
    EXPECT_EQ(reference.out, "modified job name of job 58\n");
    EXPECT_EQ(r.err, reference.err);
    EXPECT_EQ(detail_value(job, "job_name"), "x");
    EXPECT_EQ(cluster().qstat_state(job), "r") << "the job runs on";

    ProcessResult mail = cluster().run("qalter", {"-m", "e", "-M", "ops@example.org", id});
    EXPECT_EQ(mail.exit_code, 0) << mail.describe();
    EXPECT_EQ(mail.out,
              "modified mail options of job " + id + "\nmodified mail list of job " + id + "\n");
    EXPECT_EQ(detail_value(job, "mail_list"), "ops@example.org");

    ProcessResult memory = cluster().run("qalter", {"-l", "h_vmem=2G", id});
    EXPECT_NE(memory.exit_code, 0) << memory.describe();
    EXPECT_THAT(memory.out,
                HasSubstr("denied: can't change consumable resource request \"h_vmem\" of "
                          "running job"));
    ProcessResult queue = cluster().run("qalter", {"-q", "all.q", id});
    EXPECT_NE(queue.exit_code, 0) << queue.describe();
    EXPECT_THAT(queue.out, HasSubstr("job " + id + " can't modify running jobs"));
}

// Grid Engine answers qhold of a running job as of a waiting one (reference qhold-running.txt);
// the job runs on, and the hold keeps it waiting if it is requeued (here: it exits 99).
TEST_F(HoldAlter, QholdOfARunningJobHoldsItWhenRequeued) {
    // The first run asks to be run again (exit 99) once its gate opens; the second ends.
    const std::string gate = work_file("again.gate");
    const std::string ran = work_file("again.ran");
    const std::string command = "[ -e '" + ran + "' ] && exit 0; touch '" + ran + "'; " +
                                wait_for_file_command(gate) + "; exit 99";
    const auto job = cluster().submit({"-cwd", "-N", "again", "-b", "y", "/bin/sh", "-c", command});
    ASSERT_TRUE(cluster().wait_state(job, "r"));
    const std::string id = std::to_string(job);
    const auto reference = grid_engine_reference("qhold-running.txt");
    ProcessResult hold = cluster().run("qhold", {id});
    EXPECT_EQ(hold.exit_code, reference.exit_code) << hold.describe();
    EXPECT_EQ(hold.out, "modified hold of job " + id + "\n");
    EXPECT_EQ(reference.out, "modified hold of job 90\n");
    EXPECT_EQ(cluster().qstat_state(job), "hr") << "a hold does not stop a running job";

    touch(gate);
    EXPECT_TRUE(cluster().wait_state(job, "hqw")) << "requeued, it must wait held";
    ProcessResult release = cluster().run("qrls", {id});
    EXPECT_EQ(release.out, "modified hold of job " + id + "\n") << release.describe();
    EXPECT_TRUE(cluster().wait_gone(job)) << "released, it runs again (the gate is open)";
}

// The state column of job `id`'s line in `text` (of the first job's for ""): its fifth word.
std::string state_word(const std::string& text, const std::string& id) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string first, word;
        words >> first;
        const bool a_job =
            !first.empty() && first.find_first_not_of("0123456789") == std::string::npos;
        if (!a_job || (!id.empty() && first != id)) continue;
        for (int i = 0; i < 4; ++i)
            words >> word;
        return word;
    }
    return "";
}

// The <state> element of `xml`'s first job_list.
std::string xml_state(const std::string& xml) {
    const auto from = xml.find("<state>");
    const auto to = xml.find("</state>");
    if (from == std::string::npos || to == std::string::npos || to < from) return "";
    return xml.substr(from + 7, to - from - 7);
}

// Grid Engine shows a held running job as hr in qstat, qstat -f and -xml (references
// qstat-held-running.txt, qstat-f-held-running.txt, qstat-xml-held-running.txt); qrls makes it r
// again.
TEST_F(HoldAlter, AHeldRunningJobShowsHrAsInGridEngine) {
    auto job = gated("runner");
    ASSERT_TRUE(cluster().wait_state(job, "r"));
    const std::string id = std::to_string(job);
    ASSERT_EQ(cluster().run("qhold", {id}).exit_code, 0);

    const std::string table = grid_engine_reference("qstat-held-running.txt").out;
    const std::string full = grid_engine_reference("qstat-f-held-running.txt").out;
    const std::string xml = grid_engine_reference("qstat-xml-held-running.txt").out;
    ASSERT_EQ(state_word(table, ""), "hr");
    EXPECT_EQ(state_word(cluster().run("qstat", {}).out, id), state_word(table, ""));
    EXPECT_EQ(state_word(cluster().run("qstat", {"-f"}).out, id), state_word(full, ""));
    EXPECT_EQ(xml_state(cluster().run("qstat", {"-xml"}).out), xml_state(xml));
    EXPECT_THAT(detail(job), HasSubstr("\njob_state             1:    hr\n"));

    ASSERT_EQ(cluster().run("qrls", {id}).exit_code, 0);
    EXPECT_EQ(cluster().qstat_state(job), "r");
}

// Grid Engine takes -p for a running job (reference qalter-p-running.txt: "bramble-alice@vm sets
// scheduling priority of job 15 to -10") and, as for a waiting one, only a manager may raise it.
TEST_F(HoldAlter, QalterPOfARunningJobSetsItsPriority) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const std::string alice = users->alice.name;
    auto job = gated("running", {}, alice);
    ASSERT_TRUE(cluster().wait_state(job, "r"));
    const std::string id = std::to_string(job);

    const auto reference = grid_engine_reference("qalter-p-running.txt");
    ProcessResult lower = cluster().run("qalter", {"-p", "-10", id}, "", alice);
    EXPECT_EQ(lower.exit_code, reference.exit_code) << lower.describe();
    EXPECT_THAT(reference.out, MatchesRegex("bramble-alice@[^ ]+ sets scheduling priority of job "
                                            "[0-9]+ to -10\n"));
    EXPECT_THAT(lower.out,
                MatchesRegex(alice + "@[^ ]+ sets scheduling priority of job " + id + " to -10\n"));
    EXPECT_EQ(lower.err, reference.err);
    const auto row = qstat_row(job, {"-pri"});
    ASSERT_GE(row.size(), 6u);
    EXPECT_EQ(row[5], "-10") << "qstat -pri's ppri column";
    EXPECT_EQ(cluster().qstat_state(job), "r") << "the job runs on";

    const auto raise_reference = grid_engine_reference("qalter-p-raise-running.txt");
    ProcessResult raise = cluster().run("qalter", {"-p", "10", id}, "", alice);
    EXPECT_EQ(raise.exit_code, raise_reference.exit_code) << raise.describe();
    EXPECT_THAT(raise.out, HasSubstr("only managers may raise a job's priority"));
    EXPECT_EQ(qstat_row(job, {"-pri"}).at(5), "-10");
}

TEST_F(HoldAlter, AnotherUsersJobIsRefused) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    auto job = gated("of_alice", {"-h"}, users->alice.name);
    ASSERT_NE(job, 0u);
    const std::string id = std::to_string(job);
    const std::string denied = "denied: \"" + users->bob.name + "\" is not the owner of job " + id;

    for (const char* tool : {"qrls", "qhold"}) {
        ProcessResult r = cluster().run(tool, {id}, "", users->bob.name);
        EXPECT_NE(r.exit_code, 0) << tool << ": " << r.describe();
        EXPECT_THAT(r.out, HasSubstr(denied)) << tool << ": " << r.describe();
    }
    ProcessResult alter = cluster().run("qalter", {"-N", "bobs", id}, "", users->bob.name);
    EXPECT_NE(alter.exit_code, 0) << alter.describe();
    EXPECT_THAT(alter.out, HasSubstr(denied)) << alter.describe();
    EXPECT_EQ(cluster().qstat_state(job), "hqw") << "bob must not release alice's job";
    EXPECT_EQ(detail_value(job, "job_name"), "gated");

    ProcessResult by_alice = cluster().run("qrls", {id}, "", users->alice.name);
    EXPECT_EQ(by_alice.exit_code, 0) << by_alice.describe();
    EXPECT_TRUE(cluster().wait_state(job, "r"));
}

}  // namespace
}  // namespace bramble::test
