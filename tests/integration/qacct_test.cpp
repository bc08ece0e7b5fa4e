// qacct as a user sees it, against real daemons and real jobs: Grid Engine's block per finished
// job or task (exit_status with two blanks, failed 100 and (Killed) after qdel), "job id N not
// found", the usage table, -o/-h/-d/-b, and records that outlive a scheduler restart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "support/cluster_suite.hpp"
#include "support/reference.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class Qacct : public ClusterSuite {
  protected:
    std::uint64_t finished(const std::vector<std::string>& args) {
        std::vector<std::string> all = {"-cwd"};
        all.insert(all.end(), args.begin(), args.end());
        const auto id = cluster().submit(all);
        EXPECT_TRUE(id != 0 && cluster().wait_gone(id)) << "job " << id;
        return id;
    }

    static std::size_t blocks(const std::string& text) {
        std::size_t count = 0;
        for (std::size_t at = text.find(std::string(62, '=')); at != std::string::npos;
             at = text.find(std::string(62, '='), at + 62))
            ++count;
        return count;
    }
};

TEST_F(Qacct, AFinishedJobShowsItsExitStatusAsGridEngineDoes) {
    const auto id = finished({"-N", "failing", "-b", "y", "/bin/sh", "-c", "exit 3"});
    const ProcessResult r = cluster().run("qacct", {"-j", std::to_string(id)});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.err, "");
    EXPECT_THAT(r.out, StartsWith(std::string(62, '=') + "\nqname        all.q               \n"));
    EXPECT_THAT(r.out, HasSubstr("\njobname      failing             \n"));
    EXPECT_THAT(r.out, HasSubstr("\njobnumber    " + std::to_string(id)));
    EXPECT_THAT(r.out, HasSubstr("\ntaskid       undefined\n"));
    EXPECT_THAT(r.out, HasSubstr("\nfailed       0    \n"));
    // Snakemake's status scripts match exactly this: the key, two blanks, the status.
    EXPECT_THAT(r.out, HasSubstr("\nexit_status  3                   \n"));
    // The shepherd's rusage crosses the wire and the spool: a shell takes page faults.
    std::smatch faults;
    ASSERT_TRUE(std::regex_search(r.out, faults, std::regex("\nru_minflt    ([0-9]+)")));
    EXPECT_GT(std::stol(faults[1]), 0);
    EXPECT_EQ(blocks(r.out), 1u);
}

TEST_F(Qacct, AnUnknownJobIsGridEnginesError) {
    const auto reference = grid_engine_reference("qacct-j-unknown.txt");
    const ProcessResult r = cluster().run("qacct", {"-j", "99999999"});
    EXPECT_EQ(r.out, reference.out);
    EXPECT_EQ(r.err, reference.err);
    EXPECT_EQ(r.exit_code, reference.exit_code);
}

TEST_F(Qacct, ARunningJobHasNoRecordYet) {
    const auto id = gated("running");
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    const ProcessResult r = cluster().run("qacct", {"-j", std::to_string(id)});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "error: job id " + std::to_string(id) + " not found\n");
}

TEST_F(Qacct, ANameOrPatternFindsTheJobs) {
    finished({"-N", "pattern-one", "-b", "y", "/bin/true"});
    finished({"-N", "pattern-two", "-b", "y", "/bin/true"});
    const ProcessResult r = cluster().run("qacct", {"-j", "pattern-*"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(blocks(r.out), 2u);
    const ProcessResult none = cluster().run("qacct", {"-j", "no-such-name"});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_EQ(none.err, "error: job name no-such-name not found\n");
}

TEST_F(Qacct, AnArrayJobHasABlockPerTask) {
    const ProcessResult submitted =
        cluster().run("qsub", {"-cwd", "-terse", "-t", "1-3", "-b", "y", "/bin/true"});
    ASSERT_EQ(submitted.exit_code, 0) << submitted.describe();
    const auto id = std::stoull(submitted.out.substr(0, submitted.out.find('.')));
    ASSERT_TRUE(cluster().wait_until([&] {
        return cluster().run("qacct", {"-j", std::to_string(id)}).out.find("taskid       3") !=
               std::string::npos;
    }));
    const ProcessResult r = cluster().run("qacct", {"-j", std::to_string(id)});
    EXPECT_EQ(blocks(r.out), 3u) << r.out;
    for (const char* task : {"1", "2", "3"})
        EXPECT_THAT(r.out, HasSubstr(std::string("\ntaskid       ") + task + " "));
    const ProcessResult one = cluster().run("qacct", {"-j", std::to_string(id) + ".2"});
    EXPECT_EQ(blocks(one.out), 1u);
    EXPECT_THAT(one.out, HasSubstr("\ntaskid       2 "));
}

TEST_F(Qacct, ADeletedRunningJobFailedAfterTheJobAndWasKilled) {
    const auto id = gated("deleted");
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    ASSERT_EQ(cluster().run("qdel", {std::to_string(id)}).exit_code, 0);
    ASSERT_TRUE(cluster().wait_gone(id));
    const ProcessResult r = cluster().run("qacct", {"-j", std::to_string(id)});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, HasSubstr("\nfailed       100 : assumedly after job\n"));
    EXPECT_THAT(r.out, HasSubstr("\nexit_status  137                  (Killed)\n"));
}

TEST_F(Qacct, SummariesAddUpTheWallclock) {
    finished({"-N", "sleeper", "-b", "y", "/bin/sleep", "1"});
    const ProcessResult total = cluster().run("qacct", {});
    ASSERT_EQ(total.exit_code, 0) << total.describe();
    EXPECT_THAT(total.out, StartsWith("Total System Usage\n    WALLCLOCK         UTIME"));
    EXPECT_EQ(std::count(total.out.begin(), total.out.end(), '\n'), 4) << total.out;

    const ProcessResult owners = cluster().run("qacct", {"-o"});
    EXPECT_THAT(owners.out, StartsWith("OWNER "));
    EXPECT_THAT(owners.out, HasSubstr("\nroot "));

    const ProcessResult hosts = cluster().run("qacct", {"-h"});
    EXPECT_THAT(hosts.out, StartsWith("HOST "));
    EXPECT_EQ(std::count(hosts.out.begin(), hosts.out.end(), '\n'), 2 + 1)
        << "one row: every job ran on this machine\n"
        << hosts.out;

    // Nothing started in the future; everything of this test started in the last day.
    const ProcessResult future = cluster().run("qacct", {"-j", "sleeper", "-b", "209901010000"});
    EXPECT_EQ(future.exit_code, 1);
    EXPECT_EQ(cluster().run("qacct", {"-j", "sleeper", "-d", "1"}).exit_code, 0);
}

TEST_F(Qacct, EveryUserMayReadAccountingAndItOutlivesARestart) {
    use_test_users();
    if (IsSkipped()) return;
    const auto id = finished({"-b", "y", "/bin/true"});
    ASSERT_TRUE(cluster().restart_scheduler());
    const ProcessResult r =
        cluster().run("qacct", {"-j", std::to_string(id)}, "", users_->bob.name);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, HasSubstr("\nowner        root "));
}

TEST_F(Qacct, BadOptionsSayWhatIsValid) {
    const ProcessResult r = cluster().run("qacct", {"-b", "yesterday"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("[[CC]YY]MMDDhhmm[.SS]"));
}

}  // namespace
}  // namespace bramble::test
