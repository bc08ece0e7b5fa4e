// bramble-shepherd <job-dir>: owns one job on one node. Started by the execd, it leaves the
// execd's session so it survives an execd restart, runs the job as its owner, waits for it and
// leaves the exit record in the job directory. Exit 0 means the exit record was written.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <ctime>
#include <string>

#include "execd/job_dir.hpp"
#include "execd/shepherd/gpio_access.hpp"
#include "execd/shepherd/prepare.hpp"
#include "execd/shepherd/run_job.hpp"

namespace {

using namespace bramble;

std::string this_host() {
    char name[HOST_NAME_MAX + 1] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

ExitRecord failed_record(const shepherd::Failure& failure) {
    ExitRecord exit;
    exit.exit_status = 1;  // never 0: tools read exit_status alone to decide success
    exit.failed = failure.code;
    exit.failure = failure.reason;
    exit.start_time = exit.end_time = std::time(nullptr);
    return exit;
}

ExitRecord record_of(const shepherd::JobOutcome& outcome) {
    if (!outcome.started) return failed_record(outcome.failure);
    ExitRecord exit;
    const int status = outcome.wait_status;
    exit.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    exit.exit_status = WIFSIGNALED(status) ? 128 + exit.signal : WEXITSTATUS(status);
    exit.failed = outcome.failure.code;
    exit.failure = outcome.failure.reason;
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    exit.user_seconds = seconds(outcome.usage.ru_utime);
    exit.system_seconds = seconds(outcome.usage.ru_stime);
    exit.max_rss_kb = outcome.usage.ru_maxrss;
    exit.minor_faults = outcome.usage.ru_minflt;
    exit.major_faults = outcome.usage.ru_majflt;
    exit.blocks_in = outcome.usage.ru_inblock;
    exit.blocks_out = outcome.usage.ru_oublock;
    exit.voluntary_switches = outcome.usage.ru_nvcsw;
    exit.involuntary_switches = outcome.usage.ru_nivcsw;
    exit.wall_seconds = outcome.wall_seconds;
    exit.start_time = outcome.start_time;
    exit.end_time = std::time(nullptr);
    return exit;
}

ExitRecord run(const std::string& dir) {
    auto launch = execd::read_launch_spec(dir);
    if (!launch) return failed_record({execd::kFailedBeforeJob, launch.message()});
    auto prepared = shepherd::prepare_job(dir, *launch);
    if (!prepared.ok) {
        if (!prepared.prepared.run.job_tmpdir.empty())
            shepherd::remove_job_tmpdir(prepared.prepared);
        return failed_record(prepared.failure);
    }
    if (auto opened = shepherd::open_gpio_for_job(*launch); !opened) {
        shepherd::remove_job_cgroup(prepared.prepared);
        shepherd::remove_job_tmpdir(prepared.prepared);
        return failed_record({execd::kFailedBeforeJob, opened.message()});
    }
    const auto outcome = shepherd::run_job(prepared.prepared, dir + "/" + execd::kKillReasonFile);
    shepherd::remove_job_cgroup(prepared.prepared);
    shepherd::remove_job_tmpdir(prepared.prepared);
    ExitRecord exit = record_of(outcome);
    if (auto closed = shepherd::close_gpio_for_job(*launch, dir); !closed) {
        // The job ran; the leftover entry is reported, not hidden.
        (void)std::fprintf(stderr, "bramble-shepherd: %s\n", closed.message().c_str());
    }
    return exit;
}

// The record goes into the space reserved for it; should that still fail, the shepherd stays and
// tries again every second rather than let the job's real status be lost (the execd sees a live
// shepherd, the scheduler a running job, until the record is written).
int record_exit(const std::string& dir, const ExitRecord& exit) {
    for (bool said = false;; said = true) {
        auto written = execd::write_exit_record(dir, exit);
        if (written) return 0;
        if (!said) {
            (void)std::fprintf(stderr, "bramble-shepherd: %s; trying again every second\n",
                               written.message().c_str());
        }
        ::sleep(1);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        (void)std::fprintf(stderr, "usage: bramble-shepherd JOB-DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    ::setsid();  // fails harmlessly when the execd already made us a session leader
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t handled;
    sigemptyset(&handled);
    for (const int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP})
        sigaddset(&handled, sig);
    ::sigprocmask(SIG_BLOCK, &handled, nullptr);
    if (auto pid = execd::write_file_atomically(dir + "/" + execd::kPidFile,
                                                std::to_string(::getpid()) + "\n");
        !pid) {
        (void)std::fprintf(stderr, "bramble-shepherd: %s\n", pid.message().c_str());
        return execd::kShepherdSetupFailed;
    }
    if (auto reserved = execd::reserve_exit_record(dir); !reserved) {
        (void)std::fprintf(stderr, "bramble-shepherd: %s\n", reserved.message().c_str());
        return execd::kShepherdSetupFailed;
    }
    ExitRecord exit = run(dir);
    exit.host = this_host();
    return record_exit(dir, exit);
}
