// The user's terminal in raw mode (see qrsh_terminal.hpp).
#include "qrsh_terminal.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace bramble::tools {

namespace {

// What the fatal-signal handler restores: one terminal at a time, set before the handler is.
int g_fd = -1;
termios g_saved{};
bool g_raw = false;

constexpr int kFatalSignals[] = {SIGQUIT, SIGABRT, SIGSEGV, SIGBUS,  SIGFPE,
                                 SIGILL,  SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU};

void restore_and_die(int sig) {
    (void)::tcsetattr(g_fd, TCSANOW, &g_saved);
    (void)::signal(sig, SIG_DFL);
    (void)::raise(sig);
}

void on_fatal_signals(void (*handler)(int)) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    for (const int sig : kFatalSignals)
        ::sigaction(sig, &action, nullptr);
}

}  // namespace

Result<RawTerminal> RawTerminal::take(int fd) {
    termios saved{};
    if (::tcgetattr(fd, &saved) != 0)
        return make_error(std::string("cannot read the terminal's modes: ") + std::strerror(errno));
    g_fd = fd;
    g_saved = saved;
    on_fatal_signals(restore_and_die);
    termios raw = saved;
    ::cfmakeraw(&raw);
    if (::tcsetattr(fd, TCSADRAIN, &raw) != 0) {
        const std::string why = std::strerror(errno);
        on_fatal_signals(SIG_DFL);
        return make_error("cannot put the terminal in raw mode: " + why);
    }
    g_raw = true;
    return RawTerminal(fd, saved);
}

RawTerminal::RawTerminal(RawTerminal&& other) noexcept : fd_(other.fd_), saved_(other.saved_) {
    other.fd_ = -1;
}

RawTerminal::~RawTerminal() {
    if (fd_ < 0) return;
    ::tcsetattr(fd_, TCSADRAIN, &saved_);
    on_fatal_signals(SIG_DFL);
    g_raw = false;
}

const char* line_end() {
    return g_raw ? "\r\n" : "\n";
}

std::optional<wire::RemoteWindow> window_of(int fd) {
    winsize size{};
    if (::ioctl(fd, TIOCGWINSZ, &size) != 0) return std::nullopt;
    return wire::RemoteWindow{size.ws_row, size.ws_col};
}

}  // namespace bramble::tools
