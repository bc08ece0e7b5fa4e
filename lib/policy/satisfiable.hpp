// "Could this ever run?": the same filters the planner uses, run on every node as if it were up
// and empty. The scheduler refuses at submit time what can never run; the planner explains with
// the same words a pending job that the cluster has since become too small for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/node_state.hpp"
#include "policy/request.hpp"

namespace bramble::policy {

// Why no node of `empty_nodes` (up and empty, in snapshot order) could ever hold the request, or
// nothing when one could. With no nodes at all the answer is nothing: the cluster may not have
// registered its nodes yet, and refusing then would refuse every job.
std::optional<std::string> why_never(const Request& request,
                                     const std::vector<NodeState>& empty_nodes);

}  // namespace bramble::policy
