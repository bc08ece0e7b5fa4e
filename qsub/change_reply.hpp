// How qdel, qhold, qrls, qmod and qalter print the scheduler's answer: every line on stdout, errors
// included, as Grid Engine's tools do, and exit 1 when any answer was an error; and the main that
// qhold, qrls and qmod share.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::tools {

// `tool` names the program in messages about the reply itself ("qhold: ...").
int print_change_reply(const std::string& tool, const Result<wire::Message>& reply);

// Appends the non-empty items of a comma list ("1,2,,3") to `into`.
void split_commas(const std::string& list, std::vector<std::string>& into);

// -help prints the usage; otherwise the arguments are parsed into one request, sent (with the
// tools' patience) and its answer printed. A parse error goes to stderr with the usage, exit 1.
int run_change_tool(
    int argc, char** argv, const std::string& tool, const std::string& usage,
    const std::function<Result<wire::Message>(const std::vector<std::string>&)>& parse);

}  // namespace bramble::tools
