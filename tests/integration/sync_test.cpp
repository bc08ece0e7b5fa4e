// qsub -sync y: qsub waits for the job and exits with its status, saying how it ended in Grid
// Engine's words (reference: qsub-sync-y-exit3.txt, and Grid Engine's qsub for the other cases).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class SyncJobs : public ClusterSuite {
  protected:
    // The id from qsub's first line, or 0.
    static unsigned long long id_of(const ProcessResult& r) {
        unsigned long long id = 0;
        if (std::sscanf(r.out.c_str(), "Your job %llu", &id) != 1) return 0;
        return id;
    }

    // Whether `qstat` lists a job called `name`.
    static bool listed(const std::string& name) {
        return cluster().run("qstat", {}).out.find(" " + name + " ") != std::string::npos;
    }
};

TEST_F(SyncJobs, QsubExitsWithTheJobsExitStatus) {
    ProcessResult r = cluster().run("qsub", {"-sync", "y", "-cwd", "-j", "y", "-N", "exit3.sh",
                                             "-b", "y", "/bin/sh", "-c", "exit 3"});
    EXPECT_EQ(r.exit_code, 3) << r.describe();
    const auto id = id_of(r);
    ASSERT_NE(id, 0U) << r.describe();
    EXPECT_EQ(r.out, "Your job " + std::to_string(id) + " (\"exit3.sh\") has been submitted\n");
    EXPECT_EQ(r.err, "Job " + std::to_string(id) + " exited with exit code 3.\n");
}

TEST_F(SyncJobs, AScriptThatExits137ItselfWasNotKilled) {
    ProcessResult r = cluster().run(
        "qsub", {"-sync", "y", "-terse", "-cwd", "-b", "y", "/bin/sh", "-c", "exit 137"});
    EXPECT_EQ(r.exit_code, 137) << r.describe();
    EXPECT_EQ(r.err, "Job " + std::to_string(std::stoull(r.out)) + " exited with exit code 137.\n");
}

TEST_F(SyncJobs, ASuccessfulJobExitsZeroAndTerseStillPrintsTheId) {
    ProcessResult r =
        cluster().run("qsub", {"-sync", "y", "-terse", "-cwd", "-b", "y", "/bin/true"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    const auto id = std::stoull(r.out);
    EXPECT_EQ(r.out, std::to_string(id) + "\n");
    EXPECT_EQ(r.err, "Job " + std::to_string(id) + " exited with exit code 0.\n");
}

TEST_F(SyncJobs, AnArrayReportsEveryTaskAndExitsWithTheFirstFailure) {
    ProcessResult r =
        cluster().run("qsub", {"-sync", "y", "-terse", "-cwd", "-t", "1-3", "-b", "y", "/bin/sh",
                               "-c", "exit $((SGE_TASK_ID == 2 ? 5 : 0))"});
    EXPECT_EQ(r.exit_code, 5) << r.describe();
    const std::string id = r.out.substr(0, r.out.find('.'));
    EXPECT_EQ(r.out, id + ".1-3:1\n");
    EXPECT_EQ(r.err, "Job " + id + ".1 exited with exit code 0.\nJob " + id +
                         ".2 exited with exit code 5.\nJob " + id +
                         ".3 exited with exit code 0.\n");
}

TEST_F(SyncJobs, ARunningJobDeletedWhileQsubWaitsEndsBySignal) {
    const std::string started = work_file("started");
    const std::string never = work_file("never");
    auto waiting = std::async(std::launch::async, [&] {
        return cluster().run("qsub",
                             {"-sync", "y", "-cwd", "-N", "syncdel", "-b", "y", "/bin/sh", "-c",
                              "touch " + started + "; " + wait_for_file_command(never)});
    });
    ASSERT_TRUE(cluster().wait_for_file(started));
    ProcessResult del = cluster().run("qdel", {"syncdel"});
    ASSERT_EQ(del.exit_code, 0) << del.describe();
    ProcessResult r = waiting.get();
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(r.err, "Job " + std::to_string(id_of(r)) + " exited because of signal SIGKILL\n");
}

TEST_F(SyncJobs, APendingJobDeletedWhileQsubWaitsNeverRan) {
    auto waiting = std::async(std::launch::async, [&] {
        return cluster().run(
            "qsub", {"-sync", "y", "-h", "-cwd", "-N", "syncheld", "-b", "y", "/bin/true"});
    });
    ASSERT_TRUE(cluster().wait_until([] { return listed("syncheld"); }));
    ProcessResult del = cluster().run("qdel", {"syncheld"});
    ASSERT_EQ(del.exit_code, 0) << del.describe();
    ProcessResult r = waiting.get();
    // Grid Engine's qsub reports a job that never ran and exits 0 (report_exit_status).
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.err, "Unable to run job " + std::to_string(id_of(r)) + "\n");
    EXPECT_THAT(r.out, HasSubstr("(\"syncheld\") has been submitted"));
}

}  // namespace
}  // namespace bramble::test
