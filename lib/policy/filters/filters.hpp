// The feasibility filters, one file each, and the chain that runs them cheapest first. Each looks
// at one job's request and one node and says ok, not_now or never.
#pragma once

#include "policy/filters/verdict.hpp"
#include "policy/node_state.hpp"
#include "policy/request.hpp"

namespace bramble::policy {

Verdict pinned_node(const Request& request, const NodeState& node);
Verdict node_up(const Request& request, const NodeState& node);
Verdict fits_cores(const Request& request, const NodeState& node);
Verdict fits_memory(const Request& request, const NodeState& node);

// The first verdict that is not ok, or ok when every filter passes.
Verdict check_all(const Request& request, const NodeState& node);

}  // namespace bramble::policy
