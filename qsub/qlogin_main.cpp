// qlogin [options]: Grid Engine's interactive login. qsub's options choose where (-l, -pe, -q,
// -now ...); the job is the owner's login shell on the node under a pseudo-terminal (-pty n: a
// shell reading qlogin's stdin through pipes), attached to qlogin's terminal until the shell
// exits, whose status qlogin exits with. The same job as qrsh without a command (qrsh_job.hpp).
#include <string>
#include <vector>

#include "qrsh_job.hpp"
#include "qrsh_relay.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> words(argv + 1, argv + argc);
    bramble::tools::qrsh_take_signals();
    return bramble::tools::run_qrsh_job(words, bramble::tools::QrshTool::qlogin);
}
