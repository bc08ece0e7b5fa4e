// Job directories and shepherd processes (see launch.hpp).
#include "execd/launch.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace bramble::execd {

Status prepare_job_dir(const std::string& dir, const LaunchSpec& launch) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error("cannot create job directory " + dir + ": " + ec.message());
    // The job's owner reads its script and pe_hostfile here.
    std::filesystem::permissions(dir, std::filesystem::perms(0755), ec);
    return write_launch_spec(dir, launch);
}

Result<pid_t> spawn_shepherd(const std::string& shepherd, const std::string& dir) {
    const std::string log_path = dir + "/" + kShepherdLog;
    char* argv[] = {const_cast<char*>(shepherd.c_str()), const_cast<char*>(dir.c_str()), nullptr};
    const pid_t pid = ::fork();
    if (pid < 0) return make_error(std::string("cannot fork a shepherd: ") + std::strerror(errno));
    if (pid == 0) {
        // Blocked across exec, so a KillJob right after the start waits for the shepherd to
        // take it instead of killing the shepherd before it has written anything.
        sigset_t held;
        sigemptyset(&held);
        for (const int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP})
            sigaddset(&held, sig);
        ::sigprocmask(SIG_SETMASK, &held, nullptr);
        ::setsid();
        const int in = ::open("/dev/null", O_RDONLY);
        const int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) {
            ::_exit(126);
        }
        ::close_range(3, ~0U, 0);
        ::execv(shepherd.c_str(), argv);
        ::_exit(127);
    }
    return pid;
}

bool shepherd_alive(pid_t pid, const std::string& dir) {
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno != EPERM)) return false;
    auto cmdline = read_text_file("/proc/" + std::to_string(pid) + "/cmdline");
    return cmdline && cmdline->find(dir) != std::string::npos;
}

pid_t live_shepherd(const std::string& dir) {
    auto text = read_text_file(dir + "/" + kPidFile);
    if (!text) return -1;
    const pid_t pid = static_cast<pid_t>(std::atol(text->c_str()));
    return shepherd_alive(pid, dir) ? pid : -1;
}

std::string describe_wait_status(int status) {
    if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
    return "exit " + std::to_string(WEXITSTATUS(status));
}

ExitRecord failure_record(int failed, const std::string& reason, const std::string& host) {
    ExitRecord exit;
    exit.exit_status = 1;
    exit.failed = failed;
    exit.failure = reason;
    exit.start_time = exit.end_time = std::time(nullptr);
    exit.host = host;
    return exit;
}

}  // namespace bramble::execd
