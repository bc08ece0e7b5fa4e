// The feasibility filters, one file each, and the chain that runs them cheapest first. Each looks
// at one job's request, the share of it a node would hold (its slots, and whether it is the
// master) and one node, and says ok, not_now or never.
#pragma once

#include <span>

#include "policy/filters/verdict.hpp"
#include "policy/node_state.hpp"
#include "policy/request.hpp"

namespace bramble::policy {

using Filter = Verdict (*)(const Request&, const Share&, const NodeState&);

Verdict node_pattern(const Request& request, const Share& share, const NodeState& node);
Verdict node_up(const Request& request, const Share& share, const NodeState& node);
Verdict abandoned_here(const Request& request, const Share& share, const NodeState& node);
Verdict labels(const Request& request, const Share& share, const NodeState& node);
Verdict exclusive(const Request& request, const Share& share, const NodeState& node);
Verdict fits_cores(const Request& request, const Share& share, const NodeState& node);
Verdict fits_memory(const Request& request, const Share& share, const NodeState& node);
Verdict gpio_lines(const Request& request, const Share& share, const NodeState& node);
Verdict consumables(const Request& request, const Share& share, const NodeState& node);

// The filters check_all runs, in its order: cheapest and most selective first.
std::span<const Filter> filter_chain();

// The first verdict that is not ok, or ok when every filter passes.
Verdict check_all(const Request& request, const Share& share, const NodeState& node);

// The filters that do not depend on what is busy (pattern, labels, GPIO lines present): whether
// the node could ever hold a share of the job at all.
Verdict check_static(const Request& request, const Share& share, const NodeState& node);

// The node as the master holding the smallest share the job's rule allows (all its slots under
// pe_slots).
inline Verdict check_all(const Request& request, const NodeState& node) {
    return check_all(request, Share{smallest_share(request), true}, node);
}

}  // namespace bramble::policy
