// Job directories and shepherd processes (see launch.hpp).
#include "execd/launch.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "execd/private_dir.hpp"

extern char** environ;

namespace bramble::execd {

Status prepare_job_dir(const std::string& dir, const LaunchSpec& launch) {
    // The job's owner reaches its script and pe_hostfile here by name; nobody lists the folder,
    // and only root writes in it, so the names in it are the ones root made.
    if (auto made = ensure_private_dir(dir, 0711, "job directory"); !made) return made;
    return write_launch_spec(dir, launch);
}

// posix_spawn (vfork-like in glibc) rather than fork: the execd's pages are not copied, and an exec
// that fails is reported here instead of as a shepherd that died without an exit record.
Result<pid_t> spawn_shepherd(const std::string& shepherd, const std::string& dir,
                             const ShepherdStdio& stdio) {
    const std::string log_path = dir + "/" + kShepherdLog;
    char* argv[] = {const_cast<char*>(shepherd.c_str()), const_cast<char*>(dir.c_str()), nullptr};
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t files;
    ::posix_spawnattr_init(&attr);
    ::posix_spawn_file_actions_init(&files);
    // Blocked across exec, so a KillJob right after the start waits for the shepherd to take it
    // instead of killing the shepherd before it has written anything.
    sigset_t held;
    sigemptyset(&held);
    for (const int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP})
        sigaddset(&held, sig);
    ::posix_spawnattr_setsigmask(&attr, &held);
    ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID);
    ::posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_addopen(&files, 1, log_path.c_str(),
                                       O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0600);
    ::posix_spawn_file_actions_adddup2(&files, 1, 2);
    // The pipes are numbered above kInteractiveStderr (see interactive_job.cpp), so no dup2 here
    // overwrites a descriptor a later one reads.
    if (stdio.in >= 0) {
        ::posix_spawn_file_actions_adddup2(&files, stdio.in, kInteractiveStdin);
        ::posix_spawn_file_actions_adddup2(&files, stdio.out, kInteractiveStdout);
        ::posix_spawn_file_actions_adddup2(&files, stdio.err, kInteractiveStderr);
    }
    ::posix_spawn_file_actions_addclosefrom_np(&files, stdio.in >= 0 ? kInteractiveStderr + 1 : 3);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, shepherd.c_str(), &files, &attr, argv, environ);
    ::posix_spawn_file_actions_destroy(&files);
    ::posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        return make_error("cannot start the shepherd " + shepherd + ": " + std::strerror(rc));
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
