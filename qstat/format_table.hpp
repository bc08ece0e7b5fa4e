// qstat's default table, byte for byte as Grid Engine prints it.
#pragma once

#include <string>
#include <vector>

#include "job_view.hpp"
#include "model/job.hpp"

namespace bramble::qstat {

// The two header lines and one line per job; "" when there is no job to list (Grid Engine prints
// the header lazily, so an empty queue prints nothing at all).
std::string format_job_table(const std::vector<JobRow>& jobs, const FormatContext& context);

}  // namespace bramble::qstat
