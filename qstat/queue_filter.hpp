// qstat -q QUEUE[@NODE]: which jobs and queue instances a queue list selects. bramble has one
// cluster queue, so a name that is not that queue selects nothing.
#pragma once

#include <string>
#include <vector>

#include "model/job.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

// Placed jobs with slots in a selected queue instance, and waiting jobs that could start in a
// selected queue (Nextflow polls with -q and must still see its queued jobs).
std::vector<wire::JobRow> jobs_in_queues(const std::vector<wire::JobRow>& jobs,
                                         const std::vector<std::string>& queues,
                                         const std::string& cluster_queue);

// The nodes whose queue instance is selected (for qstat -f -q).
std::vector<wire::NodeStatus> nodes_in_queues(const std::vector<wire::NodeStatus>& nodes,
                                              const std::vector<std::string>& queues,
                                              const std::string& cluster_queue);

}  // namespace bramble::qstat
