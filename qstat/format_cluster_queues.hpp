// qstat -g c: the cluster queue summary, one line per cluster queue (bramble has one: all.q).
#pragma once

#include <string>
#include <vector>

#include "job_view.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

// Layout (qstat.c, Son of Grid Engine):
//   header  "%-30.30s %7.7s %6.6s %6.6s %6.6s %6.6s %6.6s %6.6s  " CLUSTER QUEUE, CQLOAD, USED,
//           RES, AVAIL, TOTAL, aoACDS, cdsuE (82 characters)
//   dashes  80
//   queue   "%-30.30s %7.2f %6d %6d %6d %6d %6d %6d " (CQLOAD "-NA-" with no node up)
// CQLOAD is the mean over the nodes that are up of load / cores (Grid Engine's np_load_avg);
// a node that is down (state u) or resting after errors (state E) counts in cdsuE and not in
// AVAIL. Nothing at all when there is no node, as Grid Engine prints no queue it does not have.
std::string format_cluster_queues(const std::vector<wire::NodeStatus>& nodes,
                                  const FormatContext& context);

}  // namespace bramble::qstat
