// The pseudo-terminal of an attached interactive job (qrsh -pty y, qlogin). The execd (root)
// opens the master, and the slave through the master (TIOCGPTPEER), never by its /dev/pts path,
// which a user could have swapped; it hands the slave to the job's owner by descriptor (fchown,
// fchmod) and keeps the master, which it relays to and from qrsh.
#pragma once

#include <sys/types.h>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

struct Terminal {
    int master = -1;
    int slave = -1;  // owned by the job's owner, group tty, mode 0620 (0600 without a tty group)
};

// Each side 0 (not known) to wire::kMaxWindowSide; why not otherwise.
Status check_window(const wire::RemoteWindow& window);

// A request's terminal fields: a window within bounds, and a terminal (or a window) only in an
// attach; qrsh -inherit's commands run without one.
Status check_terminal_fields(const wire::RemoteCommand& command);

// A new pseudo-terminal for `owner`, of `window`'s size (checked first). Both ends close on exec.
Result<Terminal> open_terminal(uid_t owner, const wire::RemoteWindow& window);

// Sets the terminal behind `master` to `window` (checked first); its foreground job gets SIGWINCH.
Status set_window(int master, const wire::RemoteWindow& window);

}  // namespace bramble::execd
