// The user's terminal while qrsh -pty y or qlogin is attached: raw, so that every key (^C, ^D,
// ^Z, arrows) goes to the job's terminal on the node, which does the echoing and line editing; and
// restored as it was on every way out: qrsh's return, SIGTERM/SIGINT/SIGHUP (which qrsh reads and
// returns from), and the signals that would end it without a return (SIGQUIT, SIGABRT, SIGSEGV and
// the like), whose handler restores the modes and lets the signal take its course.
#pragma once

#include <termios.h>

#include <optional>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::tools {

class RawTerminal {
  public:
    // Puts the terminal `fd` in raw mode until the object is gone.
    static Result<RawTerminal> take(int fd);
    RawTerminal(RawTerminal&& other) noexcept;
    RawTerminal& operator=(RawTerminal&&) = delete;
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;
    ~RawTerminal();

  private:
    RawTerminal(int fd, const termios& saved) : fd_(fd), saved_(saved) {}
    int fd_ = -1;
    termios saved_{};
};

// How qrsh ends a line of its own on stderr: "\r\n" while the terminal is raw (no output
// processing then turns "\n" into a new line's start), else "\n".
const char* line_end();

// The size of the terminal `fd`, or nothing when it is not a terminal.
std::optional<wire::RemoteWindow> window_of(int fd);

}  // namespace bramble::tools
