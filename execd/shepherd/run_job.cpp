// The shepherd's wait for its job: limits, kill requests, and the leftovers (see run_job.hpp).
#include "execd/shepherd/run_job.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <optional>

#include "execd/job_dir.hpp"
#include "execd/shepherd/process_tree.hpp"
#include "execd/shepherd/spawn_job.hpp"
#include "model/units.hpp"

namespace bramble::shepherd {

namespace {

using Clock = std::chrono::steady_clock;

std::string kill_reason(const std::string& file) {
    auto text = execd::read_text_file(file);
    if (!text || text->empty()) return "killed on request of the execd";
    while (!text->empty() && text->back() == '\n')
        text->pop_back();
    return *text;
}

// Reaps every remaining child (processes the job left behind were reparented to us). With no child
// left nothing of the job is left below the shepherd either: an orphan is reparented to its
// nearest subreaper, the shepherd. So /proc is walked only while some child lives, which a job that
// ended cleanly (most of them) never costs.
void reap_leftovers(pid_t job) {
    ::kill(-job, SIGKILL);
    for (int round = 0; round < 1000; ++round) {
        const pid_t reaped = ::waitpid(-1, nullptr, WNOHANG);
        if (reaped < 0 && errno == ECHILD) return;
        if (reaped > 0) continue;
        kill_job_processes(job);
        if (::waitpid(-1, nullptr, 0) < 0 && errno == ECHILD) return;
    }
}

timespec to_timespec(double seconds) {
    const auto nanos = static_cast<long long>(seconds * 1e9);
    return timespec{static_cast<time_t>(nanos / 1000000000), static_cast<long>(nanos % 1000000000)};
}

// SIGKILL to everything of the job: its process group, whatever it left below the shepherd, and
// every member of its control group (which includes the commands qrsh -inherit started here).
void kill_job(pid_t child, const Prepared& prepared) {
    kill_job_processes(child);
    execd::kill_job_cgroup(prepared.cgroup);
}

// Where no control group limits the job's memory, the shepherd does: on every wake it adds up the
// resident memory of everything below it. A limit the job passes between two wakes (a second
// apart at most) is caught at the next one.
std::optional<Failure> memory_exceeded(const Prepared& prepared) {
    if (prepared.memory_limit == 0 || !prepared.cgroup.memory_dir.empty()) return std::nullopt;
    const std::uint64_t used = resident_bytes_below(::getpid());
    if (used <= prepared.memory_limit) return std::nullopt;
    return Failure{execd::kFailedLimit, "memory limit " + format_memory(prepared.memory_limit) +
                                            " exceeded on " + prepared.launch.node +
                                            ": its processes held " + format_memory(used)};
}

// Waits for the job, enforcing the walltime and the memory limit and honouring a kill request,
// until it is reaped.
void wait_for_job(pid_t child, const Prepared& prepared, const std::string& kill_reason_file,
                  Clock::time_point started, JobOutcome& outcome) {
    const std::int64_t walltime = prepared.launch.job.spec.walltime;
    sigset_t wanted;
    sigemptyset(&wanted);
    for (const int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP})
        sigaddset(&wanted, sig);
    bool killed = false;
    while (true) {
        const pid_t done = ::wait4(child, &outcome.wait_status, WNOHANG, &outcome.usage);
        if (done == child || (done < 0 && errno != EINTR)) return;
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        double wait_for = 1.0;
        if (walltime > 0 && !killed) {
            if (elapsed >= static_cast<double>(walltime)) {
                killed = true;
                kill_job(child, prepared);
                outcome.failure = {execd::kFailedLimit,
                                   "walltime " + format_duration(walltime) + " exceeded"};
                continue;
            }
            wait_for = std::min(wait_for, static_cast<double>(walltime) - elapsed);
        }
        if (!killed) {
            if (auto exceeded = memory_exceeded(prepared)) {
                killed = true;
                kill_job(child, prepared);
                outcome.failure = *exceeded;
                continue;
            }
        }
        const timespec timeout = to_timespec(wait_for);
        const int sig = ::sigtimedwait(&wanted, nullptr, &timeout);
        if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) {
            if (!killed && outcome.failure.code == 0) {
                outcome.failure = {execd::kFailedKilled, kill_reason(kill_reason_file)};
            }
            killed = true;
            kill_job(child, prepared);
        }
    }
}

// A job whose processes the kernel ended for its group's memory limit failed for that reason, even
// when its script went on and exited 0.
void note_oom_kills(const Prepared& prepared, JobOutcome& outcome) {
    const int kills = execd::oom_kills(prepared.cgroup);
    if (kills == 0 || outcome.failure.code != 0) return;
    outcome.failure = {execd::kFailedLimit,
                       "memory limit " + format_memory(prepared.memory_limit) + " exceeded on " +
                           prepared.launch.node + ": the kernel ended " + std::to_string(kills) +
                           (kills == 1 ? " process" : " processes") + " of the job"};
}

}  // namespace

JobOutcome run_job(const Prepared& prepared, const std::string& kill_reason_file) {
    JobOutcome outcome;
    outcome.start_time = std::time(nullptr);
    const auto started = Clock::now();
    const SpawnedJob spawned = spawn_job(prepared);
    // Only the job holds an interactive job's pipes now, so the execd sees them close when it ends.
    if (prepared.launch.job.spec.interactive) {
        for (const int fd :
             {execd::kInteractiveStdin, execd::kInteractiveStdout, execd::kInteractiveStderr})
            ::close(fd);
    }
    outcome.failure = spawned.failure;
    if (spawned.pid < 0) return outcome;
    outcome.started = outcome.failure.code == 0;
    wait_for_job(spawned.pid, prepared, kill_reason_file, started, outcome);
    outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    note_oom_kills(prepared, outcome);
    reap_leftovers(spawned.pid);
    return outcome;
}

}  // namespace bramble::shepherd
