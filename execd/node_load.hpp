// The node's load for heartbeats, from /proc/loadavg and /proc/meminfo. The parsers are pure so
// they can be tested on captured text.
#pragma once

#include <string_view>

#include "model/node.hpp"

namespace bramble::execd {

// The 1-minute load average from /proc/loadavg's text; 0 when unreadable.
double parse_loadavg(std::string_view text);

// Memory and swap use from /proc/meminfo's text (MemTotal - MemAvailable, SwapTotal - SwapFree).
NodeLoad parse_meminfo(std::string_view text);

// Both, read now.
NodeLoad read_node_load();

}  // namespace bramble::execd
