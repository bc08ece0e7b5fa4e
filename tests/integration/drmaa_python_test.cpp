// Debian's python3-drmaa (python-drmaa 0.7.9) loads our libdrmaa through DRMAA_LIBRARY_PATH and
// submits, waits and reads exit statuses with it, as Snakemake --drmaa and Galaxy do. Skipped,
// saying so, where python3-drmaa is not installed (etc/install-deps.sh installs it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drmaa_from_python.hpp"
#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

// Prints one line per fact the test checks.
constexpr const char* kScript = R"PY(
import os
import drmaa

with drmaa.Session() as s:
    print("system", s.drmsInfo.split()[0])
    print("version", s.version.major, s.version.minor)
    jt = s.createJobTemplate()
    jt.remoteCommand = "/bin/sh"
    jt.args = ["-c", "echo out $GREETING; exit 7"]
    jt.workingDirectory = os.getcwd()
    jt.jobName = "py7"
    jt.jobEnvironment = {"GREETING": "hello"}
    jt.joinFiles = True
    jt.outputPath = ":" + os.getcwd() + "/py7.out"
    jid = s.runJob(jt)
    info = s.wait(jid, drmaa.Session.TIMEOUT_WAIT_FOREVER)
    print("exited", info.hasExited, info.exitStatus, info.wasAborted, info.hasSignal)
    print("rusage exit_status", info.resourceUsage["exit_status"])
    print("status after wait", s.jobStatus(jid))
    print("file", open("py7.out").read().strip())

    jt.args = ["-c", "exit $SGE_TASK_ID"]
    jt.outputPath = ":/dev/null"
    ids = s.runBulkJobs(jt, 1, 3, 1)
    print("bulk ids", " ".join(i[i.index("."):] for i in ids))
    s.synchronize(ids, drmaa.Session.TIMEOUT_WAIT_FOREVER, False)
    for i in ids:
        print("task", i[i.index("."):], s.wait(i, 10).exitStatus)

    jt.args = ["-c", "sleep 60"]
    jt.jobSubmissionState = drmaa.JobSubmissionState.HOLD_STATE
    held = s.runJob(jt)
    print("held", s.jobStatus(held))
    s.control(held, drmaa.JobControlAction.TERMINATE)
    print("terminated", s.jobStatus(held))
    try:
        s.wait(held, 10)
    except Exception as e:  # python-drmaa has no class of its own for DRMAA_ERRNO_NO_RUSAGE
        print("wait for a job that never ran:", str(e).split(":")[0])
    try:
        s.jobStatus("99999999")
    except drmaa.errors.InvalidJobException:
        print("unknown job is invalid")
    s.deleteJobTemplate(jt)
)PY";

class PythonDrmaa : public ClusterSuite {};

TEST_F(PythonDrmaa, SubmitsWaitsAndReadsExitStatuses) {
    if (const std::string why = why_python_cannot_load_libdrmaa(cluster()); !why.empty())
        GTEST_SKIP() << why;
    Command python;
    python.argv = {"/usr/bin/python3", "-c", kScript};
    python.env = drmaa_environment(cluster());
    python.cwd = cluster().work_dir();
    python.timeout = std::chrono::seconds(90);
    const ProcessResult r = run_command(python);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out,
              "system bramble\n"
              "version 1 0\n"
              "exited True 7 False False\n"
              "rusage exit_status 7.0000\n"
              "status after wait done\n"
              "file out hello\n"
              "bulk ids .1 .2 .3\n"
              "task .1 1\n"
              "task .2 2\n"
              "task .3 3\n"
              "held user_on_hold\n"
              "terminated failed\n"
              "wait for a job that never ran: code 24\n"
              "unknown job is invalid\n");
}

}  // namespace
}  // namespace bramble::test
