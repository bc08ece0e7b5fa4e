// Running real programs from tests: a command to completion with its output captured and a time
// limit, or a daemon in the background with its output in a log file, stopped and reaped on demand.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace bramble::test {

// A Unix user to run a command as (looked up before forking, so the child only switches ids).
struct UserIdentity {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string home;
};

std::optional<UserIdentity> lookup_user(const std::string& name);

struct Command {
    std::vector<std::string> argv;  // argv[0] is the program's path
    std::vector<std::string> env;   // NAME=value: the whole environment
    std::string stdin_text;
    std::string cwd;                   // empty: the test's own
    std::optional<UserIdentity> user;  // switch to this user (setgroups, setgid, setuid) first
    std::chrono::milliseconds timeout{30000};
};

struct ProcessResult {
    int exit_code = -1;  // the exit status, or 128 + signal; -1 when it could not run
    std::string out;
    std::string err;
    bool timed_out = false;

    // "exit 1, stdout: ..., stderr: ..." for assertion messages.
    [[nodiscard]] std::string describe() const;
};

// Runs `command`, feeding stdin_text and reading stdout and stderr fully. A command still running
// at the time limit is killed (and the result says so).
ProcessResult run_command(const Command& command);

// The environment of this process, as NAME=value strings, with `overrides` set (replacing).
std::vector<std::string> environment_with(const std::vector<std::string>& overrides);

// A program running in the background in its own process group, its stdout and stderr appended to
// `log_path`. Stopped (SIGTERM to the group, then SIGKILL) and reaped when destroyed.
class Daemon {
  public:
    Daemon(const std::vector<std::string>& argv, const std::vector<std::string>& env,
           const std::string& log_path);
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] bool running();
    // SIGTERM to the process group, SIGKILL to it after `grace`; reaps the process.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

  private:
    pid_t pid_ = -1;
    bool reaped_ = false;
};

// Whether a process with this pid exists (and is not a zombie).
bool process_alive(pid_t pid);

// SIGKILLs every process whose command line or working directory mentions `path` (leftover jobs
// of a cluster whose test failed half-way), except this process.
void kill_processes_under(const std::string& path);

}  // namespace bramble::test
