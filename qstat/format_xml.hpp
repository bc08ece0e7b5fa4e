// qstat -xml and qstat -f -xml: well-formed XML in Grid Engine's layout (qstat_xml.c). Placed jobs
// sit under <queue_info> (state="running"), waiting jobs under the inner <job_info>
// (state="pending"); with -f, the placed jobs sit inside one <Queue-List> per node.
#pragma once

#include <string>
#include <vector>

#include "job_view.hpp"
#include "model/job.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

std::string format_job_xml(const std::vector<JobRow>& jobs, const FormatContext& context);

std::string format_full_xml(const std::vector<JobRow>& jobs,
                            const std::vector<wire::NodeStatus>& nodes,
                            const FormatContext& context);

// qstat -j ID -xml: the main job attributes under <detailed_job_info><djob_info><element>, or
// <unknown_jobs> with the ids asked for when none of them exists (as Grid Engine answers).
std::string format_detail_xml(const wire::JobDetailReply& reply, const FormatContext& context);

}  // namespace bramble::qstat
