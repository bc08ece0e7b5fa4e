// Starting a qrsh -inherit command (see remote_command.hpp).
#include "execd/remote_command.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "execd/run_as.hpp"
#include "execd/shepherd/account.hpp"

namespace bramble::execd {

namespace {

// Everything the child needs, made before the fork: the child only makes system calls.
struct ChildPlan {
    shepherd::Account account;
    std::vector<gid_t> groups;
    std::vector<std::string> argv_text;
    std::vector<std::string> env_text;
    std::vector<char*> argv;
    std::vector<char*> envp;
    std::string cwd;
    Binding binding;
    cpu_set_t cpus{};
    JobCgroup cgroup;
    std::string unbound_note;  // "bramble: ... runs unbound" for the command's stderr
    int out[2] = {-1, -1};
    int err[2] = {-1, -1};
};

// The command's binding, the same as the shepherd's on this node, told to the command in
// BRAMBLE_CORES and BRAMBLE_CPUS (the ones qrsh passed on are the master node's).
void plan_binding_of(ChildPlan& plan, const CommandLaunch& launch, EnvList& env) {
    plan.binding = plan_binding(launch.core_map, launch.cores, allowed_cpus(), launch.node);
    plan.cpus = cpu_set_of(plan.binding.cpus);
    if (!plan.binding.unbound_reason.empty())
        plan.unbound_note = "bramble: qrsh -inherit: " + plan.binding.unbound_reason + "\n";
    if (plan.binding.cores.empty()) return;
    set_env(env, "BRAMBLE_CORES", number_list(plan.binding.cores));
    set_env(env, "BRAMBLE_CPUS", number_list(plan.binding.cpus));
}

void make_environment(ChildPlan& plan, EnvList env) {
    default_env(env, "HOME", plan.account.home);
    default_env(env, "USER", plan.account.user);
    default_env(env, "LOGNAME", plan.account.user);
    default_env(env, "SHELL", plan.account.shell);
    default_env(env, "PATH", "/usr/local/bin:/bin:/usr/bin");
    for (const auto& [key, value] : env)
        plan.env_text.push_back(key + "=" + value);
    for (auto& text : plan.env_text)
        plan.envp.push_back(text.data());
    plan.envp.push_back(nullptr);
}

[[noreturn]] void child_fail(const char* what) {
    const char* why = std::strerror(errno);
    for (const char* part : {"qrsh -inherit: ", what, ": ", why, "\n"}) {
        [[maybe_unused]] const auto written = ::write(2, part, std::strlen(part));
    }
    ::_exit(127);
}

void say(const char* text) {
    [[maybe_unused]] const auto written = ::write(2, text, std::strlen(text));
}

// Never a silent difference: a command that runs unbound says so on its stderr.
void bind(const ChildPlan& plan) {
    if (!plan.binding.bound()) {
        say(plan.unbound_note.c_str());
        return;
    }
    if (::sched_setaffinity(0, sizeof plan.cpus, &plan.cpus) != 0) {
        const char* why = std::strerror(errno);
        say("bramble: qrsh -inherit: cannot bind to the job's CPUs: ");
        say(why);
        say("; the command runs unbound\n");
    }
}

[[noreturn]] void exec_child(ChildPlan& plan) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (const int sig : {SIGPIPE, SIGCHLD, SIGTERM, SIGINT, SIGHUP})
        ::signal(sig, SIG_DFL);
    ::setpgid(0, 0);
    const int in = ::open("/dev/null", O_RDONLY);
    if (in < 0 || ::dup2(in, 0) < 0 || ::dup2(plan.out[1], 1) < 0 || ::dup2(plan.err[1], 2) < 0)
        ::_exit(127);
    ::close_range(3, UINT_MAX, 0);
    if (!plan.cgroup.empty() && !join_job_cgroup(plan.cgroup)) {
        say("bramble: qrsh -inherit: cannot join the job's control group; the command runs outside "
            "it\n");
    }
    if (::geteuid() == 0) {
        if (::setgroups(plan.groups.size(), plan.groups.data()) != 0) child_fail("setgroups");
        if (::setgid(plan.account.gid) != 0) child_fail("setgid");
        if (::setuid(plan.account.uid) != 0) child_fail("setuid");
    }
    bind(plan);
    if (plan.cwd.empty() || ::chdir(plan.cwd.c_str()) != 0) {
        if (::chdir(plan.account.home.c_str()) != 0 && ::chdir("/") != 0) child_fail("chdir");
    }
    ::execve(plan.argv[0], plan.argv.data(), plan.envp.data());
    child_fail("cannot run /bin/sh");
}

void close_pipes(ChildPlan& plan) {
    for (int* pipe : {plan.out, plan.err}) {
        for (int i = 0; i < 2; ++i) {
            if (pipe[i] >= 0) ::close(pipe[i]);
            pipe[i] = -1;
        }
    }
}

}  // namespace

Result<StartedCommand> start_command(const CommandLaunch& launch) {
    if (auto why = cannot_run_as(::geteuid(), launch.uid, "", launch.node)) return make_error(*why);
    auto account = shepherd::lookup_account(launch.uid, launch.node);
    if (!account) return account.error();
    ChildPlan plan;
    plan.account = *account;
    plan.groups = shepherd::supplementary_groups(plan.account);
    plan.argv_text = {"/bin/sh", "-c", launch.command};
    for (auto& text : plan.argv_text)
        plan.argv.push_back(text.data());
    plan.argv.push_back(nullptr);
    EnvList env = launch.env;
    plan_binding_of(plan, launch, env);
    make_environment(plan, std::move(env));
    plan.cwd = launch.cwd;
    plan.cgroup = launch.cgroup;
    if (::pipe2(plan.out, O_CLOEXEC) != 0 || ::pipe2(plan.err, O_CLOEXEC) != 0) {
        close_pipes(plan);
        return make_error("cannot make pipes on " + launch.node + ": " + std::strerror(errno));
    }
    const pid_t pid = ::fork();
    if (pid == 0) exec_child(plan);
    const int fork_error = errno;
    ::close(plan.out[1]);
    ::close(plan.err[1]);
    plan.out[1] = plan.err[1] = -1;
    if (pid < 0) {
        close_pipes(plan);
        return make_error("cannot fork on " + launch.node + ": " + std::strerror(fork_error));
    }
    ::setpgid(pid, pid);  // also here, so the group exists before we might signal it
    return StartedCommand{pid, plan.out[0], plan.err[0]};
}

}  // namespace bramble::execd
