// Starting the job's process (see spawn_job.hpp). The child runs on a stack of its own in the
// shepherd's memory (clone with CLONE_VM | CLONE_VFORK, as posix_spawn does): the shepherd waits
// until it has exec'd or given up, and it reports a failure as a step and an errno, which the
// shepherd words.
#include "execd/shepherd/spawn_job.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "model/task_id.hpp"

namespace bramble::shepherd {

namespace {

enum class Step : int { none, groups, gid, uid, workdir, output, error_output, stdio, shell, exec };

struct Report {
    Step step = Step::none;
    int error = 0;
};

// Everything the child needs, made before the clone.
struct Plan {
    const Prepared* prepared = nullptr;
    int report_fd = -1;
    bool switch_user = false;
    bool terminal = false;  // the execd gave the job a pseudo-terminal (qrsh -pty y, qlogin)
    std::vector<gid_t> groups;
    std::vector<std::string> env_bound;    // the job's environment
    std::vector<std::string> env_unbound;  // the same with BRAMBLE_CPUS emptied
    std::vector<char*> envp_bound;
    std::vector<char*> envp_unbound;
    std::vector<char*> argv;
    std::vector<std::string> candidates;  // where to look for the program, in PATH's order
    bool bind = false;
    cpu_set_t cpus{};
    std::string note;         // for the job's stderr before it runs (no group, unbound)
    std::string join_failed;  // "...: cannot join its control group ...: " + the reason
    std::string bind_failed;  // "...: cannot bind to CPUs ... on ...: " + the reason
};

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const auto& s : strings)
        out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

std::string value_of(const std::vector<std::string>& envp, const std::string& key) {
    for (const auto& entry : envp) {
        if (entry.starts_with(key + "=")) return entry.substr(key.size() + 1);
    }
    return {};
}

// execvp's search, done here: a program without a slash is looked for in the job's PATH.
std::vector<std::string> candidates_for(const Command& command,
                                        const std::vector<std::string>& envp) {
    if (!command.search_path || command.program.find('/') != std::string::npos)
        return {command.program};
    std::string path = value_of(envp, "PATH");
    if (path.empty()) path = "/bin:/usr/bin";
    std::vector<std::string> found;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find(':', start), path.size());
        const std::string dir = path.substr(start, end - start);
        found.push_back((dir.empty() ? "." : dir) + "/" + command.program);
        start = end + 1;
    }
    return found;
}

Plan make_plan(const Prepared& prepared) {
    Plan plan;
    plan.prepared = &prepared;
    const execd::LaunchSpec& launch = prepared.launch;
    const std::string job = "bramble: job " + job_id_text(launch.job.id) + ": ";
    plan.switch_user = ::geteuid() == 0;
    plan.terminal = launch.job.spec.interactive && ::isatty(execd::kInteractiveStdin) == 1;
    if (plan.switch_user) plan.groups = supplementary_groups(prepared.account);
    plan.env_bound = prepared.envp;
    plan.env_unbound = prepared.envp;
    for (auto& entry : plan.env_unbound) {
        if (entry.starts_with("BRAMBLE_CPUS=")) entry = "BRAMBLE_CPUS=";
    }
    plan.envp_bound = c_strings(plan.env_bound);
    plan.envp_unbound = c_strings(plan.env_unbound);
    plan.argv = c_strings(prepared.command.argv);
    plan.candidates = candidates_for(prepared.command, prepared.envp);
    const execd::Binding& binding = launch.binding;
    plan.bind = binding.bound();
    plan.cpus = execd::cpu_set_of(binding.cpus);
    plan.note = prepared.cgroup_note;
    if (!binding.bound() && !binding.unbound_reason.empty())
        plan.note += job + binding.unbound_reason + "\n";
    if (!prepared.cgroup.empty())
        plan.join_failed =
            job + "cannot join its control group " + prepared.cgroup.dirs.front() + ": ";
    plan.bind_failed = job + "cannot bind to CPUs " + execd::number_list(binding.cpus) + " on " +
                       launch.node + ": ";
    return plan;
}

// ---- the child: system calls only ----------------------------------------------------------

[[noreturn]] void give_up(const Plan& plan, Step step, int error) {
    const Report report{step, error};
    [[maybe_unused]] const auto written = ::write(plan.report_fd, &report, sizeof report);
    ::_exit(127);
}

void say(const char* text) {
    [[maybe_unused]] const auto written = ::write(2, text, std::strlen(text));
}

int open_output(const std::string& path) {
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
}

void open_stdio_files(const Plan& plan) {
    const Prepared& prepared = *plan.prepared;
    const int out = open_output(prepared.run.stdout_path);
    if (out < 0) give_up(plan, Step::output, errno);
    const bool join = prepared.launch.job.spec.join;
    const int err = join ? out : open_output(prepared.run.stderr_path);
    if (err < 0) give_up(plan, Step::error_output, errno);
    const int in = ::open("/dev/null", O_RDONLY);
    if (in < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0)
        give_up(plan, Step::stdio, errno);
    for (const int fd : {in, out, err}) {
        if (fd > 2) ::close(fd);
    }
}

// qrsh CMD: the execd's pipes, which it relays to and from the attached qrsh; or its terminal,
// which becomes the controlling terminal of the job's session (job control, ^C, SIGHUP at its end).
void use_execd_stdio(const Plan& plan) {
    if (::dup2(execd::kInteractiveStdin, 0) < 0 || ::dup2(execd::kInteractiveStdout, 1) < 0 ||
        ::dup2(execd::kInteractiveStderr, 2) < 0) {
        give_up(plan, Step::stdio, errno);
    }
    for (const int fd :
         {execd::kInteractiveStdin, execd::kInteractiveStdout, execd::kInteractiveStderr})
        ::close(fd);
    if (plan.terminal && ::ioctl(0, TIOCSCTTY, 0) != 0) give_up(plan, Step::stdio, errno);
}

int run_child(void* argument) {
    const Plan& plan = *static_cast<const Plan*>(argument);
    const Prepared& prepared = *plan.prepared;
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (plan.terminal) {
        ::setsid();  // a session of its own, to own its terminal; its group is its pid as below
    } else {
        ::setpgid(0, 0);
    }
    const bool joined = prepared.cgroup.empty() || execd::join_job_cgroup(prepared.cgroup);
    const int join_error = errno;
    if (plan.switch_user) {
        if (::setgroups(plan.groups.size(), plan.groups.data()) != 0)
            give_up(plan, Step::groups, errno);
        if (::setgid(prepared.account.gid) != 0) give_up(plan, Step::gid, errno);
        if (::setuid(prepared.account.uid) != 0) give_up(plan, Step::uid, errno);
    }
    if (::chdir(prepared.run.workdir.c_str()) != 0) give_up(plan, Step::workdir, errno);
    ::umask(022);
    if (prepared.launch.job.spec.interactive) {
        use_execd_stdio(plan);
    } else {
        open_stdio_files(plan);
    }
    say(plan.note.c_str());
    if (!joined) {
        say(plan.join_failed.c_str());
        say(strerrordesc_np(join_error));
        say("; it runs outside it\n");
    }
    char* const* envp = plan.envp_bound.data();
    if (plan.bind && ::sched_setaffinity(0, sizeof plan.cpus, &plan.cpus) != 0) {
        say(plan.bind_failed.c_str());
        say(strerrordesc_np(errno));
        say("; the job runs unbound\n");
        envp = plan.envp_unbound.data();
    }
    const std::string& interpreter = prepared.command.interpreter;
    if (!interpreter.empty() && ::access(interpreter.c_str(), X_OK) != 0)
        give_up(plan, Step::shell, errno);
    int error = ENOENT;
    for (const auto& candidate : plan.candidates) {
        ::execve(candidate.c_str(), plan.argv.data(), envp);
        if (errno != ENOENT && errno != ENOTDIR) error = errno;  // as execvp: EACCES outranks
    }
    give_up(plan, Step::exec, error);
}

// ---- the shepherd's side --------------------------------------------------------------------

Failure failure_of(const Report& report, const Prepared& prepared) {
    const std::string why = std::strerror(report.error);
    const std::string& user = prepared.account.user;
    switch (report.step) {
        case Step::groups:
            return {execd::kFailedBeforeJob, "setgroups for user " + user + " failed: " + why};
        case Step::gid:
            return {execd::kFailedBeforeJob, "setgid for user " + user + " failed: " + why};
        case Step::uid:
            return {execd::kFailedBeforeJob, "setuid for user " + user + " failed: " + why};
        case Step::workdir:
            return {execd::kFailedWorkdir,
                    "cannot change to working directory " + prepared.run.workdir + ": " + why};
        case Step::output:
            return {execd::kFailedOutputFile,
                    "cannot open output file " + prepared.run.stdout_path + ": " + why};
        case Step::error_output:
            return {execd::kFailedOutputFile,
                    "cannot open output file " + prepared.run.stderr_path + ": " + why};
        case Step::stdio:
            return {execd::kFailedBeforeJob, "cannot set up stdio: " + why};
        case Step::shell:
            return {execd::kFailedShell,
                    "shell " + prepared.command.interpreter + " not found: " + why};
        case Step::exec:
            return {execd::kFailedShell, "cannot execute " + prepared.command.program + ": " + why};
        case Step::none:
            break;
    }
    return {};
}

}  // namespace

SpawnedJob spawn_job(const Prepared& prepared) {
    SpawnedJob spawned;
    if (prepared.command.program.empty()) {
        spawned.failure = {execd::kFailedShell, "the job has no command"};
        return spawned;
    }
    Plan plan = make_plan(prepared);
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        spawned.failure = {execd::kFailedBeforeJob,
                           std::string("cannot create a pipe: ") + std::strerror(errno)};
        return spawned;
    }
    plan.report_fd = report[1];
    // The child's stack: used by one child at a time (the shepherd waits for each), and only
    // touched pages become memory.
    alignas(64) static char stack[256 * 1024];
    const pid_t child =
        ::clone(run_child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &plan);
    const int clone_error = errno;
    ::close(report[1]);
    if (child < 0) {
        ::close(report[0]);
        spawned.failure = {execd::kFailedBeforeJob,
                           std::string("cannot start the job: ") + std::strerror(clone_error)};
        return spawned;
    }
    spawned.pid = child;
    Report got;
    ssize_t n = 0;
    do {
        n = ::read(report[0], &got, sizeof got);
    } while (n < 0 && errno == EINTR);
    ::close(report[0]);
    if (n == static_cast<ssize_t>(sizeof got)) spawned.failure = failure_of(got, prepared);
    return spawned;
}

}  // namespace bramble::shepherd
