// qstat -f: one block per queue instance (one per node) with the jobs running there, then the
// pending jobs, as Grid Engine's full format prints them.
#pragma once

#include <string>
#include <vector>

#include "job_view.hpp"
#include "model/job.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

// Memory per node is bramble's addition, printed the way Grid Engine's qstat -F prints resources
// (a tab, then dominance:name=value), so parsers of the full format skip it as they skip -F lines:
//   hl:mem_total=3.8G   the node's memory
//   hl:mem_used=512.0M  in use on the node (from its heartbeat; left out while the node is down)
//   hc:mem_free=2.8G    not yet reserved by jobs: what the scheduler can still hand out
std::string format_full_listing(const std::vector<JobRow>& jobs,
                                const std::vector<wire::NodeStatus>& nodes,
                                const FormatContext& context);

// "3.8G", "512.0M": Grid Engine's memory text (one decimal, K/M/G, nothing larger than G).
std::string ge_memory(std::uint64_t bytes);

// Memory on the node not reserved by jobs.
std::uint64_t unreserved_memory(const wire::NodeStatus& node);

// A queue instance's state letters in Grid Engine's order: a and u for a node that is down, d for
// one a manager disabled, E for one resting after an error ("" when none applies).
std::string queue_states(const wire::NodeStatus& node);

}  // namespace bramble::qstat
