// What a job sees when it runs: Grid Engine's variables, a TMPDIR that exists only while it runs,
// and the shell it asked for (-S, else the shebang, else /bin/sh).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class JobEnvironment : public ClusterSuite {
  protected:
    // Submits `script` (written to a file) with -cwd and `args`, waits for it and returns stdout.
    std::string output_of(const std::string& script, std::vector<std::string> args = {}) {
        const std::string path = work_file("job.sh");
        std::ofstream(path) << script;
        args.insert(args.begin(), {"-cwd", "-N", "envjob"});
        args.push_back(path);
        auto id = cluster().submit(args);
        if (id == 0) return "";
        EXPECT_TRUE(cluster().wait_gone(id));
        last_id_ = id;
        return slurp(cluster().work_dir() + "/envjob.o" + std::to_string(id));
    }
    std::uint64_t last_id_ = 0;
};

TEST_F(JobEnvironment, GridEngineVariablesAreSet) {
    std::string out = output_of(
        "for v in JOB_ID JOB_NAME NSLOTS NHOSTS SGE_TASK_ID SGE_O_WORKDIR; do\n"
        "  eval \"echo $v=\\$$v\"\n"
        "done\n");
    const std::string id = std::to_string(last_id_);
    EXPECT_THAT(out, HasSubstr("JOB_ID=" + id + "\n"));
    EXPECT_THAT(out, HasSubstr("JOB_NAME=envjob\n"));
    EXPECT_THAT(out, HasSubstr("NSLOTS=1\n"));
    EXPECT_THAT(out, HasSubstr("NHOSTS=1\n"));
    EXPECT_THAT(out, HasSubstr("SGE_TASK_ID=undefined\n"));
    EXPECT_THAT(out, HasSubstr("SGE_O_WORKDIR=" + cluster().work_dir() + "\n"));
}

// The names Grid Engine 8.1.9 gave a job (tests/reference/sge/job-env-pe-smp-2.txt, `env | sort`
// in a job), less the machine's own and those that need what this job lacks: PE and PE_HOSTFILE
// (-pe), SGE_O_MAIL and SGE_O_SHELL (the submitter's MAIL and SHELL), SGE_EXECD_PIDFILE.
constexpr const char* kGridEngineNames[] = {"ARC",
                                            "ENVIRONMENT",
                                            "HOME",
                                            "HOSTNAME",
                                            "JOB_ID",
                                            "JOB_NAME",
                                            "JOB_SCRIPT",
                                            "LOGNAME",
                                            "NHOSTS",
                                            "NQUEUES",
                                            "NSLOTS",
                                            "PATH",
                                            "QUEUE",
                                            "REQNAME",
                                            "REQUEST",
                                            "RESTARTED",
                                            "SGE_ACCOUNT",
                                            "SGE_ARCH",
                                            "SGE_BINARY_PATH",
                                            "SGE_CELL",
                                            "SGE_CWD_PATH",
                                            "SGE_JOB_SPOOL_DIR",
                                            "SGE_O_HOST",
                                            "SGE_O_PATH",
                                            "SGE_O_WORKDIR",
                                            "SGE_ROOT",
                                            "SGE_RSH_COMMAND",
                                            "SGE_STDERR_PATH",
                                            "SGE_STDIN_PATH",
                                            "SGE_STDOUT_PATH",
                                            "SGE_TASK_FIRST",
                                            "SGE_TASK_ID",
                                            "SGE_TASK_LAST",
                                            "SGE_TASK_STEPSIZE",
                                            "SHELL",
                                            "TMP",
                                            "TMPDIR",
                                            "USER"};

TEST_F(JobEnvironment, EveryNameGridEngineSetsIsSet) {
    const std::string reference =
        "\n" + slurp(std::string(BRAMBLE_SOURCE_DIR) + "/tests/reference/sge/job-env-pe-smp-2.txt");
    const std::string out = "\n" + output_of("env\n");  // every line after a newline
    for (const char* name : kGridEngineNames) {
        EXPECT_THAT(reference, HasSubstr("\n" + std::string(name) + "="))
            << name << " is not in Grid Engine's list";
        EXPECT_THAT(out, HasSubstr("\n" + std::string(name) + "=")) << name << " is missing";
    }
    // The values that are the same on every Grid Engine cell, as the reference shows them.
    for (const char* fixed : {"SGE_CELL=default", "SGE_ACCOUNT=sge", "SGE_STDIN_PATH=/dev/null",
                              "SGE_TASK_ID=undefined"}) {
        EXPECT_THAT(reference, HasSubstr("\n" + std::string(fixed) + "\n"));
        EXPECT_THAT(out, HasSubstr("\n" + std::string(fixed) + "\n"));
    }
    EXPECT_THAT(out, HasSubstr("\nREQNAME=envjob\n")) << out;
}

TEST_F(JobEnvironment, AccountAndCellDirectoryAreThere) {
    const std::string out = output_of(
        "echo \"$SGE_ACCOUNT\"\n"
        "[ -d \"$SGE_JOB_SPOOL_DIR\" ] && echo spool-dir\n"
        "cat \"$SGE_ROOT/$SGE_CELL/common/act_qmaster\"\n",
        {"-A", "physics"});
    std::istringstream lines(out);
    std::string account, spool, master;
    std::getline(lines, account);
    std::getline(lines, spool);
    std::getline(lines, master);
    EXPECT_EQ(account, "physics");
    EXPECT_EQ(spool, "spool-dir");
    EXPECT_FALSE(master.empty()) << "no $SGE_ROOT/$SGE_CELL/common/act_qmaster: " << out;
}

TEST_F(JobEnvironment, TmpdirExistsDuringTheJobAndIsRemovedAfter) {
    std::string out = output_of(
        "echo \"$TMPDIR\"\n"
        "[ -d \"$TMPDIR\" ] && touch \"$TMPDIR/scratch\" && echo writable\n");
    std::istringstream lines(out);
    std::string tmpdir, verdict;
    std::getline(lines, tmpdir);
    std::getline(lines, verdict);
    ASSERT_FALSE(tmpdir.empty()) << "TMPDIR was not set";
    EXPECT_EQ(verdict, "writable") << "TMPDIR " << tmpdir << " did not exist during the job";
    EXPECT_TRUE(cluster().wait_until([&] { return !std::filesystem::exists(tmpdir); }, 10s))
        << tmpdir << " is still there after the job";
}

TEST_F(JobEnvironment, DashSChoosesTheShell) {
    EXPECT_EQ(output_of("echo \"${BASH_VERSION:+bash}\"\n", {"-S", "/bin/bash"}), "bash\n");
}

TEST_F(JobEnvironment, ShebangChoosesTheShellWithoutDashS) {
    EXPECT_EQ(output_of("#!/bin/bash\necho \"${BASH_VERSION:+bash}\"\n"), "bash\n");
}

TEST_F(JobEnvironment, WithoutShebangOrDashSTheShellIsBinSh) {
    // Debian's /bin/sh is dash, which has no BASH_VERSION.
    EXPECT_EQ(output_of("echo \"${BASH_VERSION:-no bash}\"\n"), "no bash\n");
}

TEST_F(JobEnvironment, SubmitEnvironmentIsNotInheritedWithoutDashV) {
    Command qsub;
    qsub.argv = {bin_path("qsub"), "-cwd", "-N",
                 "envjob",         "-b",   "y",
                 "/bin/sh",        "-c",   "echo \"leak=${BRAMBLE_TEST_LEAK:-none}\""};
    qsub.env =
        environment_with({"BRAMBLE_SOCKET=" + cluster().socket_path(), "BRAMBLE_TEST_LEAK=yes"});
    qsub.cwd = cluster().work_dir();
    ProcessResult r = run_command(qsub);
    unsigned long long id = 0;
    ASSERT_EQ(std::sscanf(r.out.c_str(), "Your job %llu", &id), 1) << r.describe();
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(slurp(cluster().work_dir() + "/envjob.o" + std::to_string(id)), "leak=none\n");
}

}  // namespace
}  // namespace bramble::test
