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

// Appends one -ext job line up to and including the share column: what -ext's table and
// `qstat -f -ext`'s job lines (which have no queue column) share.
void append_ext_line_head(std::string& text, const JobRow& job);

}  // namespace bramble::qstat
