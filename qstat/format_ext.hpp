// qstat -ext: the table with Grid Engine's extended columns, byte for byte.
#pragma once

#include <string>
#include <vector>

#include "job_view.hpp"

namespace bramble::qstat {

// The two header lines and one line per job (with -r's lines under each when
// context.request_lines); "" when there is no job, as the default table. The rows must come from a
// listing asked for with requests (the project column).
std::string format_ext_table(const std::vector<JobRow>& jobs, const FormatContext& context);

}  // namespace bramble::qstat
