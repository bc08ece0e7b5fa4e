// qrsh [options] [COMMAND [ARGS...]]: Grid Engine's interactive job. qsub's options apply (-l,
// -pe, -q, -N, -cwd, -wd, -V, -v, -now ...), and qrsh's own -nostdin, -noshell and -pty are taken.
// The job is immediate unless -now n: it starts at once, or qrsh says Grid Engine's "Your "qrsh"
// request could not be scheduled, try again later." and exits 1; with -now n it waits in the queue.
// Once the job is placed qrsh attaches to it through the execd of the host it runs on
// ($BRAMBLE_EXECD_SOCKET, else /var/lib/bramble/execd/<short host name>/execd.sock), which passes
// the attach on to the job's node when that is another. The command then runs with qrsh's stdin,
// its stdout and stderr come back separately, and qrsh exits with its status. A signal to qrsh
// while it waits deletes the job; once attached, it ends the command (the connection closes).
// With -pty y, and by default for a login (no command, qrsh's stdin a terminal), the job runs
// under a pseudo-terminal on the node, qrsh's terminal raw meanwhile (qrsh_terminal.hpp); the
// login is the owner's shell there as a login shell (job name QRLOGIN). Without a terminal a login
// is /bin/sh reading qrsh's stdin. qlogin is the same as qrsh without a command, but a terminal
// is its default whatever its stdin, and its job is named QLOGIN.
#pragma once

#include <string>
#include <vector>

namespace bramble::tools {

enum class QrshTool { qrsh, qlogin };

int run_qrsh_job(const std::vector<std::string>& args, QrshTool tool);

}  // namespace bramble::tools
