// The daemon's log: one line per event on stderr, each with a timestamp, so that an operator can
// follow a job through `journalctl -u bramble-scheduler` or a test's captured output.
#pragma once

#include <string_view>

namespace bramble::scheduler {

void log(std::string_view line);

}  // namespace bramble::scheduler
