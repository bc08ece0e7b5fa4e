// Process spawning for tests: fork/exec with pipes, bounded by a deadline, never a fixed sleep.
#include "support/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace bramble::test {
namespace {

using Clock = std::chrono::steady_clock;

// Pointers into `strings` ending with a null, as execve wants them; built before fork.
std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (const auto& s : strings)
        pointers.push_back(const_cast<char*>(s.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

struct Pipe {
    int read = -1;
    int write = -1;
};

Pipe make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    return {fds[0], fds[1]};
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// What the child could not do before its program ran, sent back over a close-on-exec pipe: the
// parent reads nothing when execve succeeded.
enum class ChildStep : int { Redirect, SwitchUser, ChangeDirectory, Exec };

struct ChildFailure {
    ChildStep step;
    int error;
};

// In the child: only async-signal-safe calls from here to execve.
[[noreturn]] void fail_child(int report, ChildStep step, int exit_code) {
    const ChildFailure failure{step, errno};
    [[maybe_unused]] ssize_t ignored = ::write(report, &failure, sizeof failure);
    ::_exit(exit_code);
}

[[noreturn]] void exec_child(const Command& command, const std::vector<char*>& argv,
                             const std::vector<char*>& envp, int in, int out, int err, int report) {
    ::setpgid(0, 0);
    if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
        fail_child(report, ChildStep::Redirect, 127);
    }
    if (command.user) {
        gid_t gid = command.user->gid;
        if (::setgroups(1, &gid) != 0 || ::setgid(gid) != 0 || ::setuid(command.user->uid) != 0) {
            fail_child(report, ChildStep::SwitchUser, 126);
        }
    }
    if (!command.cwd.empty() && ::chdir(command.cwd.c_str()) != 0) {
        fail_child(report, ChildStep::ChangeDirectory, 125);
    }
    ::execve(argv[0], argv.data(), envp.data());
    fail_child(report, ChildStep::Exec, 127);
}

// Why the child never ran its program, in words, or nothing when it did.
std::string child_failure(int report, const Command& command) {
    ChildFailure failure{};
    if (::read(report, &failure, sizeof failure) != static_cast<ssize_t>(sizeof failure)) return {};
    const std::string who = command.user ? " as " + command.user->name : std::string();
    const std::string why = std::strerror(failure.error);
    switch (failure.step) {
        case ChildStep::Redirect:
            return "cannot redirect the standard streams: " + why;
        case ChildStep::SwitchUser:
            return "cannot switch to user" + who + ": " + why;
        case ChildStep::ChangeDirectory:
            return "cannot enter " + command.cwd + who + ": " + why;
        case ChildStep::Exec:
            return "cannot run " + command.argv.front() + who + ": " + why;
    }
    return "the child failed before running its program: " + why;
}

// Pumps stdin in and stdout/stderr out until both outputs reach EOF or the deadline passes.
bool pump(const std::string& input, int& in, int& out, int& err, ProcessResult& result,
          Clock::time_point deadline) {
    std::size_t written = 0;
    if (input.empty()) close_fd(in);
    while (out >= 0 || err >= 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd fds[3] = {{out, POLLIN, 0}, {err, POLLIN, 0}, {in, POLLOUT, 0}};
        if (::poll(fds, 3, static_cast<int>(left.count())) < 0 && errno != EINTR) return false;
        if (in >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = ::write(in, input.data() + written, input.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n < 0 || written == input.size()) close_fd(in);
        }
        int* fdp[2] = {&out, &err};
        std::string* sinks[2] = {&result.out, &result.err};
        for (int i = 0; i < 2; ++i) {
            if (*fdp[i] < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[8192];
            ssize_t n = ::read(*fdp[i], buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close_fd(*fdp[i]);
            }
        }
    }
    return true;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// Waits for `pid` until the deadline, polling; nothing when it is still running then.
std::optional<int> wait_until(pid_t pid, Clock::time_point deadline) {
    for (;;) {
        int status = 0;
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return decode_status(status);
        if (r < 0 && errno != EINTR) return -1;
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

std::string ProcessResult::describe() const {
    std::string text = timed_out ? "timed out" : "exit " + std::to_string(exit_code);
    return text + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
}

std::optional<UserIdentity> lookup_user(const std::string& name) {
    passwd* entry = ::getpwnam(name.c_str());
    if (entry == nullptr) return std::nullopt;
    return UserIdentity{name, entry->pw_uid, entry->pw_gid, entry->pw_dir};
}

ProcessResult run_command(const Command& command) {
    std::signal(SIGPIPE, SIG_IGN);  // a child that exits before reading stdin must not kill us
    auto argv = c_strings(command.argv);
    auto envp = c_strings(command.env);
    Pipe in = make_pipe(), out = make_pipe(), err = make_pipe(), report = make_pipe();
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) exec_child(command, argv, envp, in.read, out.write, err.write, report.write);
    close_fd(in.read);
    close_fd(out.write);
    close_fd(err.write);
    close_fd(report.write);
    ::fcntl(in.write, F_SETFL, O_NONBLOCK);

    ProcessResult result;
    auto deadline = Clock::now() + command.timeout;
    bool finished = pump(command.stdin_text, in.write, out.read, err.read, result, deadline);
    std::optional<int> code = finished ? wait_until(pid, deadline) : std::nullopt;
    if (!code) {
        result.timed_out = true;
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
        code = wait_until(pid, Clock::now() + std::chrono::seconds(10));
    }
    close_fd(in.write);
    close_fd(out.read);
    close_fd(err.read);
    result.exit_code = code.value_or(-1);
    if (std::string why = child_failure(report.read, command); !why.empty()) {
        result.err += "test helper: " + why + "\n";
    }
    close_fd(report.read);
    return result;
}

std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
    std::vector<std::string> env;
    auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry = *e;
        bool replaced = std::any_of(overrides.begin(), overrides.end(), [&](const std::string& o) {
            return name_of(o) == name_of(entry);
        });
        if (!replaced) env.push_back(entry);
    }
    env.insert(env.end(), overrides.begin(), overrides.end());
    return env;
}

Daemon::Daemon(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& log_path) {
    auto args = c_strings(argv);
    auto envp = c_strings(env);
    int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log < 0 || null < 0) throw std::runtime_error("cannot open " + log_path);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::setpgid(0, 0);
        if (::dup2(null, 0) < 0 || ::dup2(log, 1) < 0 || ::dup2(log, 2) < 0) ::_exit(127);
        ::execve(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    ::setpgid(pid_, pid_);
    ::close(log);
    ::close(null);
}

Daemon::~Daemon() {
    stop();
}

bool Daemon::running() {
    if (reaped_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) reaped_ = true;
    return !reaped_;
}

void Daemon::stop(std::chrono::milliseconds grace) {
    if (reaped_ || pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    ::kill(pid_, SIGTERM);
    if (!wait_until(pid_, Clock::now() + grace)) {
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
        wait_until(pid_, Clock::now() + std::chrono::seconds(10));
    }
    ::kill(-pid_, SIGKILL);  // whatever is left of its process group
    reaped_ = true;
}

namespace {

// The text of a /proc file, or what could be read of it. Read with plain read(2): a process that
// exits while its file is read makes the read fail (ESRCH), on which an ifstream's buffer throws.
std::string proc_file_text(const std::filesystem::path& file) {
    std::string text;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    return text;
}

}  // namespace

bool process_alive(pid_t pid) {
    const std::string text = proc_file_text("/proc/" + std::to_string(pid) + "/stat");
    if (text.empty()) return false;
    auto close_paren = text.rfind(')');
    return close_paren == std::string::npos || text.substr(close_paren + 2, 1) != "Z";
}

void kill_processes_under(const std::string& path) {
    namespace fs = std::filesystem;
    // Processes come and go while /proc is read: every step takes an error code, because this runs
    // in destructors, where an exception would abort the whole test binary.
    std::error_code ec;
    for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        pid_t pid = std::stoi(name);
        if (pid == ::getpid()) continue;
        const std::string args = proc_file_text(entry.path() / "cmdline");
        std::error_code cwd_error;
        std::string cwd = fs::read_symlink(entry.path() / "cwd", cwd_error).string();
        if (args.find(path) != std::string::npos || cwd.rfind(path, 0) == 0) ::kill(pid, SIGKILL);
    }
}

}  // namespace bramble::test
