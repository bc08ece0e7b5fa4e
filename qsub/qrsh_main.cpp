// qrsh, in Grid Engine's two uses:
// - `qrsh [options] [COMMAND [ARGS...]]`: runs COMMAND interactively on a node the scheduler
//   chooses, as an immediate job (qrsh_job.hpp);
// - `qrsh -inherit [-nostdin] [-noshell] [-V] [-v VAR[=VALUE]] [-cwd] [-wd DIR] HOST COMMAND
//   [ARGS...]`: starts COMMAND on HOST, one of the hosts of the running parallel job this process
//   belongs to (JOB_ID), through this node's execd ($BRAMBLE_EXECD_SOCKET), the way Open MPI's
//   Grid Engine launcher starts its daemons; the command's stdin is /dev/null.
// Either way qrsh stays attached: the command's stdout and stderr arrive here, its exit status is
// qrsh's (128 + signal for a signal), and killing qrsh (SIGTERM, SIGINT, SIGHUP) ends the command.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "execd/qrsh_args.hpp"
#include "qrsh_job.hpp"
#include "qrsh_relay.hpp"

extern char** environ;

namespace {

using namespace bramble;

execd::EnvList environment() {
    execd::EnvList env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const auto equals = text.find('=');
        if (equals != std::string::npos)
            env.emplace_back(text.substr(0, equals), text.substr(equals + 1));
    }
    return env;
}

std::string current_directory() {
    std::vector<char> buffer(4096);
    return ::getcwd(buffer.data(), buffer.size()) ? buffer.data() : "";
}

// -inherit among the options before the first word that is not one (Open MPI passes it first).
bool inherits(const std::vector<std::string>& args) {
    const auto options = std::find_if(args.begin(), args.end(), [](const std::string& word) {
        return word.size() < 2 || word[0] != '-';
    });
    return std::find(args.begin(), options, "-inherit") != options;
}

int inherit(const std::vector<std::string>& words) {
    auto args = execd::parse_qrsh_args(words);
    if (!args) return tools::qrsh_fail(args.message());
    auto request = execd::qrsh_request(*args, environment(), current_directory());
    if (!request) return tools::qrsh_fail(request.message());
    const char* socket = std::getenv("BRAMBLE_EXECD_SOCKET");
    if (socket == nullptr || *socket == '\0')
        return tools::qrsh_fail(
            "BRAMBLE_EXECD_SOCKET is not set: qrsh -inherit works only inside a job");
    return tools::qrsh_relay(socket, *request, tools::Stdin::not_sent);
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> words(argv + 1, argv + argc);
    tools::qrsh_take_signals();
    if (inherits(words)) return inherit(words);
    return tools::run_qrsh_job(words, tools::QrshTool::qrsh);
}
