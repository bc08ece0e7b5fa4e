// How qdel, qhold, qrls and qalter print the scheduler's answer: every line on stdout, errors
// included, as Grid Engine's tools do, and exit 1 when any answer was an error.
#pragma once

#include <string>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::tools {

// `tool` names the program in messages about the reply itself ("qhold: ...").
int print_change_reply(const std::string& tool, const Result<wire::Message>& reply);

}  // namespace bramble::tools
