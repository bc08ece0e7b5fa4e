// libdrmaa's C API against real daemons, as python-drmaa and Snakemake --drmaa call it: sessions,
// templates, run and bulk run, wait with exit statuses and signals, drmaa_job_ps through a job's
// life and after it, control (hold, release, terminate), the native specification read as qsub's
// options, and output paths with DRMAA's placeholders.
#include "drmaa.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class Drmaa : public ClusterSuite {
  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_EQ(drmaa_init(cluster().socket_path().c_str(), diag_, sizeof diag_),
                  DRMAA_ERRNO_SUCCESS)
            << diag_;
    }

    void TearDown() override {
        EXPECT_EQ(drmaa_exit(diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS) << diag_;
        ClusterSuite::TearDown();
    }

    // A template running `/bin/sh -c script` in the cluster's work folder.
    drmaa_job_template_t* shell_job(const std::string& script) {
        drmaa_job_template_t* jt = nullptr;
        EXPECT_EQ(drmaa_allocate_job_template(&jt, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS);
        set(jt, DRMAA_REMOTE_COMMAND, "/bin/sh");
        set(jt, DRMAA_WD, cluster().work_dir());
        const char* argv[] = {"-c", script.c_str(), nullptr};
        EXPECT_EQ(drmaa_set_vector_attribute(jt, DRMAA_V_ARGV, argv, diag_, sizeof diag_),
                  DRMAA_ERRNO_SUCCESS)
            << diag_;
        return jt;
    }

    void set(drmaa_job_template_t* jt, const char* name, const std::string& value) {
        EXPECT_EQ(drmaa_set_attribute(jt, name, value.c_str(), diag_, sizeof diag_),
                  DRMAA_ERRNO_SUCCESS)
            << name << ": " << diag_;
    }

    std::string run(drmaa_job_template_t* jt) {
        char id[128] = {};
        EXPECT_EQ(drmaa_run_job(id, sizeof id, jt, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS)
            << diag_;
        drmaa_delete_job_template(jt, nullptr, 0);
        return id;
    }

    // A job that runs until the test (or TearDown) creates its gate.
    std::string gated_run(const std::string& name, const std::string& state = "") {
        gates_.push_back(work_file(name + ".gate"));
        auto* jt = shell_job(wait_for_file_command(gates_.back()));
        if (!state.empty()) set(jt, DRMAA_JS_STATE, state);
        const std::string id = run(jt);
        gated_jobs_.push_back(std::stoull(id));
        return id;
    }

    int ps(const std::string& id) {
        int state = -1;
        EXPECT_EQ(drmaa_job_ps(id.c_str(), &state, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS)
            << id << ": " << diag_;
        return state;
    }

    bool ps_becomes(const std::string& id, int state) {
        return cluster().wait_until([&] { return ps(id) == state; });
    }

    struct Waited {
        int code = -1;
        std::string id;
        int stat = 0;
        std::vector<std::string> rusage;
    };

    Waited wait(const std::string& id, long timeout = DRMAA_TIMEOUT_WAIT_FOREVER) {
        Waited w;
        char out[128] = {};
        drmaa_attr_values_t* rusage = nullptr;
        w.code =
            drmaa_wait(id.c_str(), out, sizeof out, &w.stat, timeout, &rusage, diag_, sizeof diag_);
        w.id = out;
        char value[DRMAA_ATTR_BUFFER];
        while (rusage != nullptr &&
               drmaa_get_next_attr_value(rusage, value, sizeof value) == DRMAA_ERRNO_SUCCESS)
            w.rusage.emplace_back(value);
        drmaa_release_attr_values(rusage);
        return w;
    }

    static int exit_status(int stat) {
        int exited = 0;
        int status = -1;
        drmaa_wifexited(&exited, stat, nullptr, 0);
        if (exited == 0) return -1;
        drmaa_wexitstatus(&status, stat, nullptr, 0);
        return status;
    }

    char diag_[DRMAA_ERROR_STRING_BUFFER] = {};
};

TEST_F(Drmaa, WaitGivesTheExitStatusAndGridEnginesRusage) {
    const std::string id = run(shell_job("exit 3"));
    const Waited w = wait(id);
    ASSERT_EQ(w.code, DRMAA_ERRNO_SUCCESS) << diag_;
    EXPECT_EQ(w.id, id);
    EXPECT_EQ(exit_status(w.stat), 3);
    int aborted = 1;
    int signaled = 1;
    drmaa_wifaborted(&aborted, w.stat, nullptr, 0);
    drmaa_wifsignaled(&signaled, w.stat, nullptr, 0);
    EXPECT_EQ(aborted, 0);
    EXPECT_EQ(signaled, 0);
    EXPECT_THAT(w.rusage, Contains("exit_status=3.0000"));
    EXPECT_THAT(w.rusage, Contains(::testing::StartsWith("ru_wallclock=")));
    // A finished job stays queryable: DONE whatever its exit code, as Grid Engine says.
    EXPECT_EQ(ps(id), DRMAA_PS_DONE);
    // Reaped: a second wait for it is an invalid job.
    EXPECT_EQ(wait(id).code, DRMAA_ERRNO_INVALID_JOB);
}

TEST_F(Drmaa, AJobKilledByASignalSaysWhichSignal) {
    const Waited w = wait(run(shell_job("kill -TERM $$")));
    ASSERT_EQ(w.code, DRMAA_ERRNO_SUCCESS) << diag_;
    int signaled = 0;
    drmaa_wifsignaled(&signaled, w.stat, nullptr, 0);
    EXPECT_EQ(signaled, 1);
    EXPECT_EQ(exit_status(w.stat), -1);
    char signal[DRMAA_SIGNAL_BUFFER] = {};
    ASSERT_EQ(drmaa_wtermsig(signal, sizeof signal, w.stat, diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS);
    EXPECT_STREQ(signal, "SIGTERM");
}

TEST_F(Drmaa, BulkJobsAreAnArrayWithGridEnginesTaskIds) {
    auto* jt = shell_job("echo task $SGE_TASK_ID; exit $SGE_TASK_ID");
    set(jt, DRMAA_OUTPUT_PATH, ":$drmaa_wd_ph$/bulk.$drmaa_incr_ph$");
    set(jt, DRMAA_JOIN_FILES, "y");
    drmaa_job_ids_t* ids = nullptr;
    ASSERT_EQ(drmaa_run_bulk_jobs(&ids, jt, 1, 5, 2, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS)
        << diag_;
    drmaa_delete_job_template(jt, nullptr, 0);
    std::vector<std::string> tasks;
    char id[128];
    while (drmaa_get_next_job_id(ids, id, sizeof id) == DRMAA_ERRNO_SUCCESS)
        tasks.emplace_back(id);
    EXPECT_EQ(drmaa_get_next_job_id(ids, id, sizeof id), DRMAA_ERRNO_NO_MORE_ELEMENTS);
    drmaa_release_job_ids(ids);
    ASSERT_EQ(tasks.size(), 3u);
    const std::string job = tasks[0].substr(0, tasks[0].find('.'));
    EXPECT_EQ(tasks, (std::vector<std::string>{job + ".1", job + ".3", job + ".5"}));

    const char* all[] = {DRMAA_JOB_IDS_SESSION_ALL, nullptr};
    ASSERT_EQ(drmaa_synchronize(all, 60, 0, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS) << diag_;
    for (int n = 0; n < 3; ++n) {
        const Waited w = wait(DRMAA_JOB_IDS_SESSION_ANY);
        ASSERT_EQ(w.code, DRMAA_ERRNO_SUCCESS) << diag_;
        const std::string task = w.id.substr(w.id.find('.') + 1);
        EXPECT_EQ(exit_status(w.stat), std::stoi(task)) << w.id;
        EXPECT_EQ(slurp(cluster().work_dir() + "/bulk." + task), "task " + task + "\n");
    }
    EXPECT_EQ(wait(DRMAA_JOB_IDS_SESSION_ANY).code, DRMAA_ERRNO_INVALID_JOB);
}

TEST_F(Drmaa, JobPsFollowsAHeldJobThroughReleaseToDone) {
    const std::string id = gated_run("held", DRMAA_SUBMISSION_STATE_HOLD);
    EXPECT_EQ(ps(id), DRMAA_PS_USER_ON_HOLD);
    ASSERT_EQ(drmaa_control(id.c_str(), DRMAA_CONTROL_RELEASE, diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS)
        << diag_;
    EXPECT_TRUE(ps_becomes(id, DRMAA_PS_RUNNING)) << ps(id);
    // As with Grid Engine's library, releasing a running job is accepted (qrls of a running job
    // answers "modified hold") and leaves it running.
    EXPECT_EQ(drmaa_control(id.c_str(), DRMAA_CONTROL_RELEASE, diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS)
        << diag_;
    EXPECT_EQ(ps(id), DRMAA_PS_RUNNING);
    touch(gates_.back());
    EXPECT_TRUE(ps_becomes(id, DRMAA_PS_DONE)) << ps(id);
}

TEST_F(Drmaa, AQueuedJobIsHeldThenTerminatedAndAbortsWithoutRusage) {
    const std::string first = gated_run("first");
    auto* jt = shell_job("true");
    set(jt, DRMAA_NATIVE_SPECIFICATION, "-hold_jid " + first);
    const std::string id = run(jt);
    EXPECT_EQ(ps(id), DRMAA_PS_SYSTEM_ON_HOLD);
    ASSERT_EQ(drmaa_control(id.c_str(), DRMAA_CONTROL_HOLD, diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS)
        << diag_;
    EXPECT_EQ(ps(id), DRMAA_PS_USER_ON_HOLD);
    ASSERT_EQ(drmaa_control(id.c_str(), DRMAA_CONTROL_TERMINATE, diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS)
        << diag_;
    EXPECT_EQ(ps(id), DRMAA_PS_FAILED);
    const Waited w = wait(id);
    EXPECT_EQ(w.code, DRMAA_ERRNO_NO_RUSAGE) << diag_;
    EXPECT_EQ(w.id, id);
    int aborted = 0;
    drmaa_wifaborted(&aborted, w.stat, nullptr, 0);
    EXPECT_EQ(aborted, 1);
}

TEST_F(Drmaa, TerminatingARunningJobEndsItBySignal) {
    const std::string id = gated_run("running");
    ASSERT_TRUE(ps_becomes(id, DRMAA_PS_RUNNING)) << ps(id);
    const char* all[] = {DRMAA_JOB_IDS_SESSION_ALL, nullptr};
    EXPECT_EQ(drmaa_control(all[0], DRMAA_CONTROL_TERMINATE, diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS)
        << diag_;
    const Waited w = wait(id);
    ASSERT_EQ(w.code, DRMAA_ERRNO_SUCCESS) << diag_;
    int signaled = 0;
    drmaa_wifsignaled(&signaled, w.stat, nullptr, 0);
    EXPECT_EQ(signaled, 1);
    EXPECT_EQ(ps(id), DRMAA_PS_DONE);
}

TEST_F(Drmaa, SuspendIsRefusedAndSaysWhy) {
    const std::string id = gated_run("suspend");
    EXPECT_EQ(drmaa_control(id.c_str(), DRMAA_CONTROL_SUSPEND, diag_, sizeof diag_),
              DRMAA_ERRNO_DENIED_BY_DRM);
    EXPECT_THAT(diag_, HasSubstr("does not suspend"));
}

TEST_F(Drmaa, WaitTimesOutWithoutBusyPolling) {
    const std::string id = gated_run("timeout");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(wait(id, 1).code, DRMAA_ERRNO_EXIT_TIMEOUT);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_GE(took, std::chrono::seconds(1));
    EXPECT_LT(took, std::chrono::seconds(5));
    EXPECT_EQ(wait(id, DRMAA_TIMEOUT_NO_WAIT).code, DRMAA_ERRNO_EXIT_TIMEOUT);
    const char* ids[] = {id.c_str(), nullptr};
    EXPECT_EQ(drmaa_synchronize(ids, 0, 1, diag_, sizeof diag_), DRMAA_ERRNO_EXIT_TIMEOUT);
}

TEST_F(Drmaa, TheNativeSpecificationIsReadAsQsubOptions) {
    auto* jt = shell_job("echo $JOB_NAME $FROM_NATIVE $FROM_TEMPLATE");
    set(jt, DRMAA_NATIVE_SPECIFICATION, " -N native_name -v FROM_NATIVE=yes -l h_rt=0:10:0");
    const char* env[] = {"FROM_TEMPLATE=too", nullptr};
    ASSERT_EQ(drmaa_set_vector_attribute(jt, DRMAA_V_ENV, env, diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS);
    set(jt, DRMAA_OUTPUT_PATH, ":" + cluster().work_dir() + "/native.out");
    const Waited w = wait(run(jt));
    ASSERT_EQ(w.code, DRMAA_ERRNO_SUCCESS) << diag_;
    EXPECT_EQ(exit_status(w.stat), 0);
    EXPECT_EQ(slurp(cluster().work_dir() + "/native.out"), "native_name yes too\n");
}

TEST_F(Drmaa, AnOptionQsubRefusesIsRefusedByName) {
    auto* jt = shell_job("true");
    set(jt, DRMAA_NATIVE_SPECIFICATION, "-pe nosuchpe");
    char id[128];
    EXPECT_EQ(drmaa_run_job(id, sizeof id, jt, diag_, sizeof diag_),
              DRMAA_ERRNO_INVALID_ATTRIBUTE_VALUE);
    EXPECT_THAT(diag_, HasSubstr("-pe"));
    drmaa_delete_job_template(jt, nullptr, 0);
}

TEST_F(Drmaa, SessionsAndUnknownJobsAreErrorsByTheSpec) {
    EXPECT_EQ(drmaa_init(nullptr, diag_, sizeof diag_), DRMAA_ERRNO_ALREADY_ACTIVE_SESSION);
    int state = 0;
    EXPECT_EQ(drmaa_job_ps("99999999", &state, diag_, sizeof diag_), DRMAA_ERRNO_INVALID_JOB);
    EXPECT_THAT(diag_, HasSubstr("99999999"));
    EXPECT_EQ(drmaa_job_ps("bogus", &state, diag_, sizeof diag_), DRMAA_ERRNO_INVALID_JOB);
    char contact[DRMAA_CONTACT_BUFFER];
    ASSERT_EQ(drmaa_get_contact(contact, sizeof contact, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS);
    EXPECT_EQ(contact, cluster().socket_path());
    unsigned major = 0;
    unsigned minor = 9;
    ASSERT_EQ(drmaa_version(&major, &minor, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS);
    EXPECT_EQ(major, 1u);
    EXPECT_EQ(minor, 0u);
    drmaa_attr_names_t* names = nullptr;
    ASSERT_EQ(drmaa_get_attribute_names(&names, diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS);
    std::vector<std::string> listed;
    char name[DRMAA_ATTR_BUFFER];
    while (drmaa_get_next_attr_name(names, name, sizeof name) == DRMAA_ERRNO_SUCCESS)
        listed.emplace_back(name);
    drmaa_release_attr_names(names);
    EXPECT_THAT(listed, Contains(DRMAA_NATIVE_SPECIFICATION));
    EXPECT_THAT(listed, ::testing::Not(Contains(DRMAA_TRANSFER_FILES)));
    EXPECT_STREQ(drmaa_strerror(DRMAA_ERRNO_INVALID_JOB), "the job does not exist");

    ASSERT_EQ(drmaa_exit(diag_, sizeof diag_), DRMAA_ERRNO_SUCCESS);
    EXPECT_EQ(drmaa_job_ps("1", &state, diag_, sizeof diag_), DRMAA_ERRNO_NO_ACTIVE_SESSION);
    EXPECT_EQ(drmaa_init("/nonexistent/scheduler.sock", diag_, sizeof diag_),
              DRMAA_ERRNO_DRMS_INIT_FAILED);
    EXPECT_THAT(diag_, HasSubstr("/nonexistent/scheduler.sock"));
    ASSERT_EQ(drmaa_init(cluster().socket_path().c_str(), diag_, sizeof diag_),
              DRMAA_ERRNO_SUCCESS);
}

}  // namespace
}  // namespace bramble::test
