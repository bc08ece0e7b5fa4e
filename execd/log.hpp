// The execd's log: one line per event on stderr, with the time and the node's name, for
// journald or a terminal.
#pragma once

#include <string>

namespace bramble::execd {

void set_log_name(const std::string& name);
void log(const std::string& message);

}  // namespace bramble::execd
