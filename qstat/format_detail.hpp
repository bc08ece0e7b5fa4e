// qstat -j: Grid Engine's key/value dump of one job (show_job.c), plus the per-task lines Univa
// Grid Engine prints (job_state, start_time, exec_host_list, usage) that status scripts grep, and
// bramble's exit_status and failed lines for finished jobs.
#pragma once

#include <string>
#include <vector>

#include "job_view.hpp"
#include "model/job.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

// One job: a line of 62 '=' and then "key:" padded to column 28. `note` is what the last
// scheduling pass said of a waiting job (its priority parts and reservation).
std::string format_job_detail(const Job& job, const std::string& pending_reason,
                              const FormatContext& context, const wire::JobPlanNote& note = {});

// Every job of a reply, in the reply's order.
std::string format_job_details(const wire::JobDetailReply& reply, const FormatContext& context);

// What qstat prints on stderr for ids or names that match no job:
// "Following jobs do not exist: \n123, 456\n".
std::string format_missing_jobs(const std::vector<std::string>& missing);

}  // namespace bramble::qstat
