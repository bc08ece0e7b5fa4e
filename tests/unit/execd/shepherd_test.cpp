// The real bramble-shepherd on hand-made job directories: output files, environment, exit records
// for normal ends, signals, failures before exec, the walltime limit, kill requests and, when the
// tests run as root, the switch to another user.
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "execd/job_dir.hpp"
#include "execd/private_dir.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_users.hpp"

namespace bramble {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

std::string read_file(const std::string& path) {
    auto text = execd::read_text_file(path);
    return text ? *text : "<unreadable: " + path + ">";
}

class ShepherdTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // Jobs of other users must reach their working directory and the job directory.
        fs::permissions(root_.path(), fs::perms(0755));
        for (const char* dir : {"work", "tmp", "job"})
            fs::create_directories(root_.file(dir));
        fs::permissions(root_.file("work"), fs::perms(0777));
        fs::permissions(root_.file("tmp"), fs::perms(01777));
        const passwd* me = ::getpwuid(::getuid());
        launch_.job.id = 42;
        launch_.job.owner = Owner{me->pw_uid, me->pw_gid, me->pw_name, ""};
        launch_.job.spec.name = "pi";
        launch_.job.spec.workdir = work();
        launch_.queue = "all.q";
        launch_.node = "pi01";
        launch_.hostname = "testhost";
        launch_.tmpdir = root_.file("tmp");
    }

    std::string work() const { return root_.file("work"); }
    std::string tmpdir_parent() const {
        return execd::tmpdir_parent_path(launch_.tmpdir, ::geteuid());
    }
    // <parent>/42.1.all.q.<10 random letters>, as the job printed it (with its newline).
    bool is_job_tmpdir(const std::string& printed) const {
        const std::string start = tmpdir_parent() + "/42.1.all.q.";
        return printed.starts_with(start) && printed.size() == start.size() + 11 &&
               printed.back() == '\n';
    }
    std::string job_dir() const { return root_.file("job"); }

    // Runs the shepherd to its end and returns the exit record it left.
    ExitRecord run(const std::string& script) {
        launch_.job.spec.script = script;
        EXPECT_TRUE(execd::write_launch_spec(job_dir(), launch_));
        test::Command command;
        command.argv = {BRAMBLE_SHEPHERD_PATH, job_dir()};
        const auto result = test::run_command(command);
        EXPECT_EQ(result.exit_code, 0) << result.describe();
        auto exit = execd::read_exit_record(job_dir());
        EXPECT_TRUE(exit) << exit.message();
        return exit ? *exit : ExitRecord{};
    }

    test::TempDir root_;
    execd::LaunchSpec launch_;
};

TEST_F(ShepherdTest, ExitCodeOutputFilesAndEnvironment) {
    const auto exit =
        run("#!/bin/sh\n"
            "echo \"$JOB_ID $JOB_NAME $NSLOTS $QUEUE $HOSTNAME $ENVIRONMENT $SGE_TASK_ID\"\n"
            "echo \"pwd=$(pwd)\"\n"
            "test -d \"$TMPDIR\" && echo tmpdir-exists\n"
            "echo \"$TMPDIR\" > tmpdir.txt\n"
            "echo to-stderr >&2\n"
            "exit 3\n");
    EXPECT_EQ(exit.exit_status, 3);
    EXPECT_EQ(exit.signal, 0);
    EXPECT_EQ(exit.failed, 0) << exit.failure;
    EXPECT_GT(exit.end_time, 0);
    EXPECT_FALSE(exit.host.empty());
    EXPECT_EQ(read_file(work() + "/pi.o42"),
              "42 pi 1 all.q testhost BATCH undefined\n"
              "pwd=" +
                  work() + "\ntmpdir-exists\n");
    EXPECT_EQ(read_file(work() + "/pi.e42"), "to-stderr\n");
    const std::string tmpdir = read_file(work() + "/tmpdir.txt");
    EXPECT_TRUE(is_job_tmpdir(tmpdir)) << tmpdir;
    EXPECT_FALSE(fs::exists(tmpdir.substr(0, tmpdir.size() - 1)))
        << "TMPDIR is removed after the job";
}

TEST_F(ShepherdTest, NothingIsInheritedFromTheShepherdsEnvironment) {
    launch_.job.spec.env = {{"GREETING", "hello"}};
    launch_.job.spec.join = true;
    launch_.job.spec.stdout_path = "$JOB_NAME.log";
    ::setenv("BRAMBLE_LEAK_CHECK", "leaked", 1);
    run("env | sort\n");
    ::unsetenv("BRAMBLE_LEAK_CHECK");
    const std::string out = read_file(work() + "/pi.log");
    EXPECT_NE(out.find("GREETING=hello\n"), std::string::npos) << out;
    EXPECT_NE(out.find("PATH=" + tmpdir_parent() + "/42.1.all.q."), std::string::npos) << out;
    EXPECT_NE(out.find(":/usr/local/bin:/bin:/usr/bin\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("BRAMBLE_LEAK_CHECK"), std::string::npos) << out;
}

// A TMPDIR parent someone else could write to, or owns, is never used: the job fails saying so,
// and a later job (the parent put right) runs.
TEST_F(ShepherdTest, AnUnfitTmpdirParentFailsTheJobWithTheReason) {
    run("true\n");
    const std::string parent = tmpdir_parent();
    ASSERT_EQ(::chmod(parent.c_str(), 0777), 0);
    auto exit = run("touch ran\n");
    EXPECT_EQ(exit.failed, 1);
    EXPECT_EQ(exit.exit_status, 1);
    EXPECT_EQ(exit.failure, "TMPDIR parent " + parent +
                                " has mode 0777, writable by other users: refusing to use it");
    EXPECT_FALSE(fs::exists(work() + "/ran"));
    ASSERT_EQ(::chmod(parent.c_str(), 0711), 0);
    exit = run("touch ran\n");
    EXPECT_EQ(exit.failed, 0) << exit.failure;
    EXPECT_TRUE(fs::exists(work() + "/ran"));
}

TEST_F(ShepherdTest, ALinkInPlaceOfTheTmpdirParentIsNotFollowed) {
    const std::string parent = tmpdir_parent();
    fs::create_directories(root_.file("elsewhere"));
    fs::create_directory_symlink(root_.file("elsewhere"), parent);
    const auto exit = run("true\n");
    EXPECT_EQ(exit.failed, 1);
    EXPECT_EQ(exit.failure, "TMPDIR parent " + parent + " is a symbolic link: refusing to use it");
    EXPECT_TRUE(fs::is_empty(root_.file("elsewhere")));
}

// A job may swap whatever is in its TMPDIR for links to files it must not touch; removing the
// TMPDIR removes the links, never what they lead to.
TEST_F(ShepherdTest, RemovingTheTmpdirDoesNotFollowTheJobsLinks) {
    const std::string kept = root_.file("kept");
    fs::create_directories(kept + "/inside");
    std::ofstream{kept + "/file"} << "precious\n";
    const auto exit = run("ln -s " + kept + "/file \"$TMPDIR/file\"\n" + "ln -s " + kept +
                          " \"$TMPDIR/dir\"\n" + "mkdir \"$TMPDIR/sub\"\n" + "ln -s " + kept +
                          "/inside \"$TMPDIR/sub/inside\"\n" + "echo \"$TMPDIR\" > tmpdir.txt\n");
    EXPECT_EQ(exit.exit_status, 0) << exit.failure;
    EXPECT_EQ(read_file(kept + "/file"), "precious\n");
    EXPECT_TRUE(fs::is_directory(kept + "/inside"));
    const std::string tmpdir = read_file(work() + "/tmpdir.txt");
    EXPECT_FALSE(fs::exists(tmpdir.substr(0, tmpdir.size() - 1)));
}

// The job's last CPU: one this process may use, so the job can be bound to it.
int last_allowed_cpu() {
    const auto cpus = execd::allowed_cpus();
    return cpus.empty() ? 0 : cpus.back();
}

const char* const kShowBinding =
    "grep Cpus_allowed_list /proc/self/status | tr -d ' \\t'\n"
    "echo \"cores=$BRAMBLE_CORES cpus=$BRAMBLE_CPUS\"\n";

TEST_F(ShepherdTest, JobIsBoundToItsCpus) {
    const int cpu = last_allowed_cpu();
    launch_.binding = execd::Binding{{3}, {cpu}, ""};
    const auto exit = run(kShowBinding);
    EXPECT_EQ(exit.failed, 0) << exit.failure;
    EXPECT_EQ(read_file(work() + "/pi.o42"), "Cpus_allowed_list:" + std::to_string(cpu) +
                                                 "\ncores=3 cpus=" + std::to_string(cpu) + "\n");
    EXPECT_EQ(read_file(work() + "/pi.e42"), "");
}

TEST_F(ShepherdTest, JobThatCannotBeBoundRunsUnboundAndSaysSo) {
    launch_.binding = execd::Binding{{0}, {1000}, ""};  // no machine here has CPU 1000
    const auto exit = run(kShowBinding);
    EXPECT_EQ(exit.exit_status, 0);
    EXPECT_EQ(exit.failed, 0) << exit.failure;
    const std::string out = read_file(work() + "/pi.o42");
    EXPECT_NE(out.find("\ncores=0 cpus=\n"), std::string::npos) << out;
    EXPECT_EQ(read_file(work() + "/pi.e42"),
              "bramble: job 42: cannot bind to CPUs 1000 on pi01: Invalid argument; the job runs "
              "unbound\n");
}

TEST_F(ShepherdTest, UnboundJobSaysWhyOnItsStderr) {
    launch_.binding =
        execd::Binding{{5}, {}, "cores 5 on pi01: no such core; the job runs unbound"};
    const auto exit = run(kShowBinding);
    EXPECT_EQ(exit.failed, 0) << exit.failure;
    EXPECT_EQ(read_file(work() + "/pi.e42"),
              "bramble: job 42: cores 5 on pi01: no such core; the job runs unbound\n");
}

TEST_F(ShepherdTest, KilledBySignalIs128PlusSignal) {
    const auto exit = run("kill -9 $$\n");
    EXPECT_EQ(exit.exit_status, 137);
    EXPECT_EQ(exit.signal, 9);
    EXPECT_EQ(exit.failed, 0);
}

TEST_F(ShepherdTest, MissingWorkdirFailsWith28) {
    launch_.job.spec.workdir = work() + "/missing";
    const auto exit = run("echo never\n");
    EXPECT_EQ(exit.failed, 28);
    EXPECT_EQ(exit.failure, "cannot change to working directory " + work() +
                                "/missing: No such file or directory");
    EXPECT_NE(exit.exit_status, 0);
}

TEST_F(ShepherdTest, UnopenableOutputFailsWith26) {
    launch_.job.spec.stdout_path = "/nonexistent-dir/out";
    const auto exit = run("echo never\n");
    EXPECT_EQ(exit.failed, 26);
    EXPECT_EQ(exit.failure,
              "cannot open output file /nonexistent-dir/out: No such file or directory");
}

TEST_F(ShepherdTest, MissingShellFailsWith27) {
    launch_.job.spec.shell = "/no/such/shell";
    EXPECT_EQ(run("echo never\n").failed, 27);
    launch_.job.spec.shell.clear();
    EXPECT_EQ(run("#!/no/such/interpreter\necho never\n").failed, 27);
}

TEST_F(ShepherdTest, BinaryJobRunsItsCommandFromPath) {
    launch_.job.spec.binary = true;
    launch_.job.spec.args = {"printf", "%s-%s", "a", "b"};
    const auto exit = run("");
    EXPECT_EQ(exit.exit_status, 0) << exit.failure;
    EXPECT_EQ(read_file(work() + "/pi.o42"), "a-b");
}

TEST_F(ShepherdTest, ParallelJobGetsPeHostfile) {
    launch_.job.spec.pe = "smp";
    launch_.job.spec.slots = 2;
    launch_.job.allocation.grants = {{.node = "pi01", .cores = {0, 1}, .memory = 0}};
    run("echo \"$PE $NSLOTS\"; cat \"$PE_HOSTFILE\"\n");
    EXPECT_EQ(read_file(work() + "/pi.o42"), "smp 2\ntesthost 2 all.q@testhost UNDEFINED\n");
}

TEST_F(ShepherdTest, WalltimeKillsTheJobWith37) {
    launch_.job.spec.walltime = 1;
    const auto exit = run("sleep 30\n");
    EXPECT_EQ(exit.failed, 37);
    EXPECT_EQ(exit.failure, "walltime 00:00:01 exceeded");
    EXPECT_EQ(exit.exit_status, 137);
    EXPECT_LT(exit.wall_seconds, 10);
}

TEST_F(ShepherdTest, KillRequestKillsTheJobAndWhatEscapedItsGroup) {
    const std::string started = work() + "/started";
    launch_.job.spec.script = "setsid sleep 300 &\necho $! > " + work() + "/escaped.pid\ntouch " +
                              started + "\nsleep 300\n";
    ASSERT_TRUE(execd::write_launch_spec(job_dir(), launch_));
    test::Daemon shepherd({BRAMBLE_SHEPHERD_PATH, job_dir()}, {}, root_.file("shepherd.log"));
    ASSERT_TRUE(eventually([&] { return fs::exists(started); }))
        << read_file(root_.file("shepherd.log"));
    const pid_t escaped = std::stoi(read_file(work() + "/escaped.pid"));
    ASSERT_TRUE(execd::write_file_atomically(job_dir() + "/kill.reason", "deleted by alice\n"));
    ::kill(shepherd.pid(), SIGTERM);
    ASSERT_TRUE(eventually([&] { return fs::exists(job_dir() + "/exit.json"); }));
    const auto exit = execd::read_exit_record(job_dir());
    ASSERT_TRUE(exit) << exit.message();
    EXPECT_EQ(exit->exit_status, 137);
    EXPECT_EQ(exit->failed, 100);
    EXPECT_EQ(exit->failure, "deleted by alice");
    EXPECT_TRUE(eventually([&] { return !test::process_alive(escaped); }));
}

TEST_F(ShepherdTest, RunsAsTheOwnerWhenRoot) {
    std::string why;
    const auto users = test::test_users(&why);
    if (!users || ::geteuid() != 0) GTEST_SKIP() << "needs root and test users: " << why;
    const auto& alice = users->alice;
    launch_.job.owner = Owner{alice.uid, alice.gid, alice.name, ""};
    launch_.job.spec.workdir.clear();  // the owner's home
    launch_.job.spec.stdout_path = work() + "/";
    const auto exit = run("id -un; echo \"$HOME $USER\"; pwd\n");
    EXPECT_EQ(exit.exit_status, 0) << exit.failure;
    const std::string out = work() + "/pi.o42";
    EXPECT_EQ(read_file(out),
              alice.name + "\n" + alice.home + " " + alice.name + "\n" + alice.home + "\n");
    struct stat info {};
    ASSERT_EQ(::stat(out.c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, alice.uid);
    EXPECT_EQ(info.st_mode & 0777, 0644u);
}

}  // namespace
}  // namespace bramble
