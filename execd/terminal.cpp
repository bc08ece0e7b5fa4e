// An interactive job's pseudo-terminal (see terminal.hpp).
#include "execd/terminal.hpp"

#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace bramble::execd {

namespace {

Status fail(const std::string& what) {
    return make_error(what + ": " + std::strerror(errno));
}

bool within(int side) {
    return side >= 0 && side <= wire::kMaxWindowSide;
}

// The tty group, as login gives a terminal: others of it (write, wall) may write to the user.
gid_t tty_group() {
    const group* tty = ::getgrnam("tty");
    return tty != nullptr ? tty->gr_gid : static_cast<gid_t>(-1);
}

}  // namespace

Status check_window(const wire::RemoteWindow& window) {
    if (within(window.rows) && within(window.cols)) return ok_status();
    return make_error("a window of " + std::to_string(window.rows) + " rows and " +
                      std::to_string(window.cols) + " columns: each must be 0 to " +
                      std::to_string(wire::kMaxWindowSide));
}

Status check_terminal_fields(const wire::RemoteCommand& command) {
    const bool window = command.window.rows != 0 || command.window.cols != 0;
    if (!command.attach && (command.pty || window))
        return make_error(
            "a terminal is for attaching to an interactive job (qrsh -pty y, "
            "qlogin): qrsh -inherit runs its command without one");
    if (auto checked = check_window(command.window); !checked)
        return make_error("asks for " + checked.message());
    return ok_status();
}

Status set_window(int master, const wire::RemoteWindow& window) {
    if (auto checked = check_window(window); !checked) return checked;
    winsize size{};
    size.ws_row = static_cast<unsigned short>(window.rows);
    size.ws_col = static_cast<unsigned short>(window.cols);
    if (::ioctl(master, TIOCSWINSZ, &size) != 0) return fail("cannot set the window size");
    return ok_status();
}

Result<Terminal> open_terminal(uid_t owner, const wire::RemoteWindow& window) {
    if (auto checked = check_window(window); !checked) return checked.error();
    Terminal terminal;
    terminal.master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (terminal.master < 0) return fail("cannot open a pseudo-terminal").error();
    const auto give_up = [&](const std::string& what) -> Result<Terminal> {
        const Status failed = fail(what);
        ::close(terminal.master);
        if (terminal.slave >= 0) ::close(terminal.slave);
        return failed.error();
    };
    if (::unlockpt(terminal.master) != 0) return give_up("cannot unlock a pseudo-terminal");
    terminal.slave = ::ioctl(terminal.master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (terminal.slave < 0) return give_up("cannot open a pseudo-terminal's slave");
    const gid_t tty = tty_group();
    if (::fchown(terminal.slave, owner, tty) != 0)
        return give_up("cannot give the pseudo-terminal to uid " + std::to_string(owner));
    if (::fchmod(terminal.slave, tty == static_cast<gid_t>(-1) ? 0600 : 0620) != 0)
        return give_up("cannot set the pseudo-terminal's mode");
    if (auto sized = set_window(terminal.master, window); !sized) {
        ::close(terminal.master);
        ::close(terminal.slave);
        return sized.error();
    }
    return terminal;
}

}  // namespace bramble::execd
