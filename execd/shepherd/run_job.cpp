// The job's child process and the shepherd's wait loop (see run_job.hpp).
#include "execd/shepherd/run_job.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <optional>

#include "execd/job_dir.hpp"
#include "execd/shepherd/process_tree.hpp"
#include "model/task_id.hpp"
#include "model/units.hpp"

extern char** environ;

namespace bramble::shepherd {

namespace {

using Clock = std::chrono::steady_clock;

// In the child: tell the shepherd why the job cannot start ("<code> <reason>") and give up.
[[noreturn]] void child_fail(int report_fd, int code, const std::string& reason) {
    const std::string message = std::to_string(code) + " " + reason;
    [[maybe_unused]] const auto written = ::write(report_fd, message.data(), message.size());
    ::_exit(127);
}

std::string errno_text() {
    return std::strerror(errno);
}

int open_output(int report_fd, const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) {
        child_fail(report_fd, execd::kFailedOutputFile,
                   "cannot open output file " + path + ": " + errno_text());
    }
    return fd;
}

void redirect_stdio(int report_fd, const RunContext& run, bool join) {
    const int out = open_output(report_fd, run.stdout_path);
    const int err = join ? out : open_output(report_fd, run.stderr_path);
    const int in = ::open("/dev/null", O_RDONLY);
    if (in < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
        child_fail(report_fd, execd::kFailedBeforeJob, "cannot set up stdio: " + errno_text());
    }
    for (const int fd : {in, out, err}) {
        if (fd > 2) ::close(fd);
    }
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (const auto& s : strings)
        out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

void warn(const std::string& text) {
    [[maybe_unused]] const auto written = ::write(2, text.data(), text.size());
}

// Binds the job to its CPUs; false when that failed. Never a silent difference: a job that runs
// unbound says why on its stderr.
bool bind_job(const execd::LaunchSpec& launch) {
    const execd::Binding& binding = launch.binding;
    const std::string job = "bramble: job " + job_id_text(launch.job.id) + ": ";
    if (!binding.bound()) {
        if (!binding.unbound_reason.empty()) warn(job + binding.unbound_reason + "\n");
        return true;
    }
    const cpu_set_t cpus = execd::cpu_set_of(binding.cpus);
    if (::sched_setaffinity(0, sizeof cpus, &cpus) == 0) return true;
    const std::string why = errno_text();
    warn(job + "cannot bind to CPUs " + execd::number_list(binding.cpus) + " on " + launch.node +
         ": " + why + "; the job runs unbound\n");
    return false;
}

// The environment to exec with: BRAMBLE_CPUS is emptied when the binding failed.
std::vector<std::string> final_envp(const Prepared& prepared, bool bound) {
    std::vector<std::string> envp = prepared.envp;
    if (bound) return envp;
    for (auto& entry : envp) {
        if (entry.starts_with("BRAMBLE_CPUS=")) entry = "BRAMBLE_CPUS=";
    }
    return envp;
}

// The job's side of the fork. The shepherd is single-threaded, so allocating here is safe.
[[noreturn]] void exec_job(const Prepared& prepared, int report_fd) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::setpgid(0, 0);
    const bool joined = prepared.cgroup.empty() || execd::join_job_cgroup(prepared.cgroup);
    if (auto became = become(prepared.account); !became) {
        child_fail(report_fd, execd::kFailedBeforeJob, became.message());
    }
    if (::chdir(prepared.run.workdir.c_str()) != 0) {
        child_fail(
            report_fd, execd::kFailedWorkdir,
            "cannot change to working directory " + prepared.run.workdir + ": " + errno_text());
    }
    ::umask(022);
    redirect_stdio(report_fd, prepared.run, prepared.launch.job.spec.join);
    warn(prepared.cgroup_note);
    if (!joined) {
        warn("bramble: job " + job_id_text(prepared.launch.job.id) +
             ": cannot join its control group " + prepared.cgroup.dirs.front() + ": " +
             errno_text() + "\n");
    }
    const std::vector<std::string> env_text = final_envp(prepared, bind_job(prepared.launch));
    const Command& command = prepared.command;
    if (command.program.empty())
        child_fail(report_fd, execd::kFailedShell, "the job has no command");
    if (!command.interpreter.empty() && ::access(command.interpreter.c_str(), X_OK) != 0) {
        child_fail(report_fd, execd::kFailedShell,
                   "shell " + command.interpreter + " not found: " + errno_text());
    }
    auto argv = c_strings(command.argv);
    auto envp = c_strings(env_text);
    if (command.search_path) {
        environ = envp.data();
        ::execvp(command.program.c_str(), argv.data());
    } else {
        ::execve(command.program.c_str(), argv.data(), envp.data());
    }
    child_fail(report_fd, execd::kFailedShell,
               "cannot execute " + command.program + ": " + errno_text());
}

// The child's report: empty when exec succeeded (the close-on-exec pipe just closed).
Failure read_report(int fd) {
    std::string text;
    char buffer[512];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    if (text.empty()) return {};
    const auto space = text.find(' ');
    return Failure{std::atoi(text.substr(0, space).c_str()), text.substr(space + 1)};
}

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
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        outcome.failure = {execd::kFailedBeforeJob, "cannot create a pipe: " + errno_text()};
        return outcome;
    }
    outcome.start_time = std::time(nullptr);
    const auto started = Clock::now();
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(report[0]);
        exec_job(prepared, report[1]);
    }
    ::close(report[1]);
    if (child < 0) {
        ::close(report[0]);
        outcome.failure = {execd::kFailedBeforeJob, "cannot fork: " + errno_text()};
        return outcome;
    }
    ::setpgid(child, child);  // also here, so the group exists before we might signal it
    outcome.failure = read_report(report[0]);
    ::close(report[0]);
    outcome.started = outcome.failure.code == 0;
    wait_for_job(child, prepared, kill_reason_file, started, outcome);
    outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    note_oom_kills(prepared, outcome);
    reap_leftovers(child);
    return outcome;
}

}  // namespace bramble::shepherd
