// qsub outlasts a scheduler restart: it tries again with the same submission token, says so on
// stderr after the first second, and the job is queued once. When it must give up after the
// request may have arrived, it says that the outcome is unknown, which is the truth: a scheduler
// that was only slow queues the job after all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <future>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class PatientTools : public ClusterSuite {
  protected:
    static Command qsub(const std::vector<std::string>& args, const std::string& patience) {
        Command command;
        command.argv = {bin_path("qsub")};
        command.argv.insert(command.argv.end(), args.begin(), args.end());
        command.env = environment_with(
            {"BRAMBLE_SOCKET=" + cluster().socket_path(), "BRAMBLE_RETRY_SECONDS=" + patience});
        command.cwd = cluster().work_dir();
        return command;
    }
};

TEST_F(PatientTools, QsubWaitsForARestartingSchedulerAndQueuesTheJobOnce) {
    std::future<ProcessResult> waiting;
    ASSERT_TRUE(cluster().restart_scheduler([&] {
        waiting = std::async(std::launch::async, run_command,
                             qsub({"-terse", "-h", "-N", "patient", "-b", "y", "true"}, "60"));
        // Long enough for qsub to say that it waits (after its first second of trying).
        std::this_thread::sleep_for(2500ms);
    }));
    const ProcessResult submitted = waiting.get();
    ASSERT_EQ(submitted.exit_code, 0) << submitted.describe();
    EXPECT_THAT(submitted.err, HasSubstr("cannot reach"));
    EXPECT_THAT(submitted.err, HasSubstr("trying again for up to 60 s (BRAMBLE_RETRY_SECONDS)"));
    const auto id = std::stoull(submitted.out);
    EXPECT_EQ(cluster().qstat_state(id), "hqw");
    const std::string table = cluster().run("qstat", {}).out;
    EXPECT_EQ(table.find("patient"), table.rfind("patient")) << "queued once:\n" << table;
    cluster().run("qdel", {std::to_string(id)});
}

TEST_F(PatientTools, ASilentSchedulerLeavesTheOutcomeUnknownNotRefused) {
    const pid_t scheduler = cluster().scheduler_pid();
    ASSERT_GT(scheduler, 0);
    ASSERT_EQ(::kill(scheduler, SIGSTOP), 0);
    const ProcessResult gave_up =
        run_command(qsub({"-N", "unknown", "-h", "-b", "y", "true"}, "2"));
    ::kill(scheduler, SIGCONT);
    EXPECT_EQ(gave_up.exit_code, 1) << gave_up.describe();
    EXPECT_THAT(gave_up.err, HasSubstr("did not answer within 2 s"));
    EXPECT_THAT(gave_up.err, HasSubstr("whether the job was queued is unknown: look for it with "
                                       "qstat before submitting it again"));
    // It had arrived: once the scheduler runs again, the job is there.
    EXPECT_TRUE(cluster().wait_until(
        [] { return cluster().run("qstat", {}).out.find("unknown") != std::string::npos; }, 10s));
    cluster().run("qdel", {"unknown"});
}

}  // namespace
}  // namespace bramble::test
