// The spool through the real scheduler: a second scheduler on it is refused while the first
// runs, a backup is taken while it runs, and a restore brings the backed-up jobs back without
// reusing the id of a job submitted after the backup.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "support/cluster_suite.hpp"
#include "support/text.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class SpoolGuard : public ClusterSuite {
  protected:
    static ProcessResult scheduler(const std::vector<std::string>& args) {
        Command command;
        command.argv = {bin_path("bramble-scheduler"), "--spool",
                        (cluster().dir() / "spool").string(), "--cluster-key",
                        cluster().cluster_key()};
        command.argv.insert(command.argv.end(), args.begin(), args.end());
        command.env = environment_with({});
        return run_command(command);
    }
};

TEST_F(SpoolGuard, ASecondSchedulerOnARunningSpoolIsRefused) {
    const ProcessResult second = scheduler(
        {"--socket", (cluster().dir() / "second.sock").string(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(second.exit_code, 1) << second.describe();
    EXPECT_THAT(second.out + second.err,
                HasSubstr("/spool/scheduler.db is in use by another bramble-scheduler (pid "));
    EXPECT_EQ(cluster().run("qstat", {}).exit_code, 0) << "the first one goes on serving";
}

TEST_F(SpoolGuard, ARestoredBackupHasItsJobsAndNeverReusesALaterId) {
    const auto kept = cluster().submit({"-h", "-N", "kept", "-b", "y", "true"});
    const std::string backup = (cluster().dir() / "backup.db").string();
    const ProcessResult copied = scheduler({"--backup", backup});
    ASSERT_EQ(copied.exit_code, 0) << copied.describe();
    const auto lost = cluster().submit({"-h", "-N", "lost", "-b", "y", "true"});
    ASSERT_EQ(lost, kept + 1);

    ProcessResult restored;
    ASSERT_TRUE(cluster().restart_scheduler([&] { restored = scheduler({"--restore", backup}); }));
    EXPECT_EQ(restored.exit_code, 0) << restored.describe();
    EXPECT_THAT(restored.out, HasSubstr("id " + std::to_string(lost) +
                                        " was given after the backup: those jobs are lost"));
    EXPECT_EQ(cluster().qstat_state(kept), "hqw");
    EXPECT_EQ(cluster().qstat_state(lost), "");
    EXPECT_EQ(cluster().submit({"-h", "-N", "next", "-b", "y", "true"}), lost + 1);
    cluster().run("qdel", {"-u", "*"});
}

}  // namespace
}  // namespace bramble::test

namespace bramble::test {
namespace {

// `backup:` in cluster.yaml: the scheduler copies its spool on a schedule and keeps the newest.
class ScheduledBackups : public ClusterSuite {
  public:
    static void SetUpTestSuite() {
        backups_ = std::make_unique<TempDir>();
        start(small_nodes(1), "backup: {every: 1s, dir: " + (backups_->path() / "copies").string() +
                                  ", keep: 2}\n");
    }
    static void TearDownTestSuite() {
        ClusterSuite::TearDownTestSuite();
        backups_.reset();
    }

  protected:
    static std::vector<std::string> copies() {
        std::vector<std::string> names;
        std::error_code error;
        for (std::filesystem::directory_iterator it(backups_->path() / "copies", error), end;
             !error && it != end; it.increment(error)) {
            names.push_back(it->path().filename().string());
        }
        return names;
    }
    static inline std::unique_ptr<TempDir> backups_;
};

TEST_F(ScheduledBackups, CopiesAreTakenWhileItRunsAndOnlyTheNewestKept) {
    std::string first;
    ASSERT_TRUE(cluster().wait_until(
        [&] {
            const auto names = copies();
            if (!names.empty()) first = *std::min_element(names.begin(), names.end());
            return !names.empty();
        },
        10s));
    // One more second, one more copy: two are kept, and the first is the one dropped.
    EXPECT_TRUE(cluster().wait_until(
        [&] {
            const auto names = copies();
            return names.size() == 2 && std::find(names.begin(), names.end(), first) == names.end();
        },
        10s))
        << "first: " << first;
    for (const auto& name : copies())
        EXPECT_THAT(name, ::testing::MatchesRegex("scheduler-[0-9]{8}-[0-9]{6}\\.db"));
    EXPECT_NE(read_file(cluster().dir() / "logs" / "scheduler.log")
                  .find("backup: a copy of the spool every 1 s"),
              std::string::npos);
}

}  // namespace
}  // namespace bramble::test
