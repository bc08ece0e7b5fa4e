// qrsh [options] [COMMAND [ARGS...]]: Grid Engine's interactive job. qsub's options apply (-l,
// -pe, -q, -N, -cwd, -wd, -V, -v, -now ...), and qrsh's own -nostdin, -noshell and -pty are taken.
// The job is immediate unless -now n: it starts at once, or qrsh says Grid Engine's "Your "qrsh"
// request could not be scheduled, try again later." and exits 1; with -now n it waits in the queue.
// Once the job is placed qrsh attaches to it through the execd of the host it runs on
// ($BRAMBLE_EXECD_SOCKET, else /var/lib/bramble/execd/<short host name>/execd.sock), which passes
// the attach on to the job's node when that is another. The command then runs with qrsh's stdin,
// its stdout and stderr come back separately, and qrsh exits with its status. A signal to qrsh
// while it waits deletes the job; once attached, it ends the command (the connection closes).
// Without a command the job runs /bin/sh reading qrsh's stdin; a terminal (pty) is not offered.
#pragma once

#include <string>
#include <vector>

namespace bramble::tools {

int run_qrsh_job(const std::vector<std::string>& args);

}  // namespace bramble::tools
