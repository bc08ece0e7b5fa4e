// Starting and reaping sendmail (see mailer.hpp).
#include "mailer.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <boost/asio/steady_timer.hpp>

#include "log.hpp"

namespace bramble::scheduler {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(200);
constexpr int kPolls = Mailer::kMailSeconds * 5;

// The child's stdin is the pipe's read end; stdout and stderr go nowhere; it leads its own
// process group (so the timeout reaches what it starts) with default signal handling.
struct SpawnSetup {
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attr{};
    SpawnSetup(int read_end) {
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, read_end, STDIN_FILENO);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        posix_spawnattr_init(&attr);
        sigset_t none;
        sigset_t all;
        sigemptyset(&none);
        sigfillset(&all);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &all);
        posix_spawnattr_setpgroup(&attr, 0);
        posix_spawnattr_setflags(
            &attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// One write into an empty pipe: a message smaller than the pipe's buffer never blocks, and one
// that is larger is cut rather than waited for.
void write_message(int fd, const std::string& text) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    const ssize_t wrote = ::write(fd, text.data(), text.size());
    if (wrote < 0 || static_cast<std::size_t>(wrote) != text.size()) {
        log("mail: the message to the mailer was cut short");
    }
}

}  // namespace

Mailer::Mailer(boost::asio::io_context& io, std::string program)
    : io_(io), program_(std::move(program)) {}

void Mailer::send(const Mail& mail) {
    if (program_.empty()) return;
    if (::access(program_.c_str(), X_OK) != 0) {
        if (!said_missing_) {
            log("mail: " + program_ + " cannot be run (" + std::strerror(errno) +
                "); job mail (qsub -m) is not sent");
        }
        said_missing_ = true;
        return;
    }
    said_missing_ = false;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        log(std::string("mail: cannot make a pipe: ") + std::strerror(errno));
        return;
    }
    pid_t pid = 0;
    std::string program = program_;
    std::string dash_t = "-t";
    char* argv[] = {program.data(), dash_t.data(), nullptr};
    char path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    char* envp[] = {path, nullptr};
    int spawned = 0;
    {
        SpawnSetup setup(fds[0]);
        spawned = ::posix_spawn(&pid, program.c_str(), &setup.actions, &setup.attr, argv, envp);
    }
    ::close(fds[0]);
    if (spawned != 0) {
        ::close(fds[1]);
        log("mail: cannot start " + program_ + ": " + std::strerror(spawned));
        return;
    }
    write_message(fds[1], sendmail_text(mail));
    ::close(fds[1]);
    log("mail: \"" + mail.subject + "\" handed to " + program_);
    reap(pid, kPolls);
}

void Mailer::reap(int pid, int polls_left) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) != 0) return;  // reaped, or not ours any more
    if (polls_left == 0) {
        log("mail: " + program_ + " ran longer than " + std::to_string(kMailSeconds) +
            " s; killed");
        ::kill(-pid, SIGKILL);
    }
    // Below zero: killed, only waiting for it to be gone.
    const int next = polls_left > 0 ? polls_left - 1 : -1;
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, kPollInterval);
    timer->async_wait([this, timer, pid, next](const boost::system::error_code& ec) {
        if (!ec) reap(pid, next);
    });
}

}  // namespace bramble::scheduler
