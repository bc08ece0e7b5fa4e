// PE_HOSTFILE in Grid Engine's format, which Open MPI's gridengine support parses: one line per
// granted queue instance, "<hostname> <slots> <queue>@<hostname> UNDEFINED".
#pragma once

#include <functional>
#include <string>

#include "model/allocation.hpp"

namespace bramble::shepherd {

// Maps a grant's node name to the host name the line carries.
using HostOf = std::function<std::string(const std::string& node)>;

// The file's text. An empty allocation (a job started without one) is one line of `slots` on
// `fallback_node`.
std::string pe_hostfile_text(const Allocation& allocation, const std::string& queue,
                             const HostOf& host_of, const std::string& fallback_node, int slots);

}  // namespace bramble::shepherd
