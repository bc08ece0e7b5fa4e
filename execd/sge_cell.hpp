// The cell a job's $SGE_ROOT/$SGE_CELL points at on this node: <sge_root>/default/common with
// act_qmaster (the scheduler's host), which tools and DRMAA bindings read to find the master, as
// they would under Grid Engine. The execd runs as root and sge_root is in its own spool, so each
// level is made and opened below the one before, never following a link, and the file is written
// through its descriptor.
#pragma once

#include <string>

#include "model/result.hpp"

namespace bramble::execd {

inline constexpr const char* kCellName = "default";

Status make_cell_common(const std::string& sge_root, const std::string& qmaster_host);

}  // namespace bramble::execd
