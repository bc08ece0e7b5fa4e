// qrsh -inherit's command line, as Grid Engine's qrsh takes it inside a parallel job and Open MPI
// calls it (`qrsh -inherit -nostdin -V HOST orted ...`), and the request qrsh sends its node's
// execd. Pure: the environment and working directory are arguments.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "execd/job_share.hpp"
#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

struct QrshArgs {
    bool nostdin = false;     // -nostdin: the command's stdin is /dev/null (always so in bramble)
    bool noshell = false;     // -noshell: the words are the argv, not shell text
    bool export_all = false;  // -V: the whole environment goes along
    bool verbose = false;
    bool cwd = false;                    // -cwd: run in qrsh's working directory
    std::string wd;                      // -wd DIR
    std::vector<std::string> variables;  // -v NAME[=VALUE][,...], one entry per name
    std::string host;
    std::vector<std::string> command;
};

// The arguments after the program name. Only the -inherit form exists in bramble; anything else is
// an error that says what is accepted.
Result<QrshArgs> parse_qrsh_args(const std::vector<std::string>& args);

// The words as one line for /bin/sh -c: joined by spaces as ssh and Grid Engine's qrsh join them
// (Open MPI quotes what must stay one word); with -noshell each word is quoted so it stays one.
std::string join_command(const std::vector<std::string>& words, bool noshell);

// The request for the execd: JOB_ID from `environment` (an error outside a job), the command,
// the environment that goes along (all of it with -V, then the -v variables) and the working
// directory (`cwd` with -cwd, -wd's, else the owner's home).
Result<wire::RemoteCommand> qrsh_request(const QrshArgs& args, const EnvList& environment,
                                         const std::string& cwd);

}  // namespace bramble::execd
