// qstat -r: the lines under each job that say what it asked for.
#pragma once

#include <string>

#include "job_view.hpp"

namespace bramble::qstat {

// Appends Grid Engine 8.1.9's -r block for `job` (sge-reference qstat-r.txt): "Full jobname:",
// "Master Queue:" and "Granted PE:" once placed, "Requested PE:", "Hard Resources:" (one
// "name=value (0.000000)" a line: bramble has no urgency to contribute), "Soft Resources:",
// "Hard requested queues:", "Predecessor Jobs (request):" and "Predecessor Jobs:" when there are
// any, and "Binding:". The row must come from a listing asked for with requests.
void append_request_lines(std::string& text, const JobRow& job, const FormatContext& context);

}  // namespace bramble::qstat
