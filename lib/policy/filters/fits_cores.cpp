// fits_cores: all of the job's slots on this node, one free core each (pe_slots placement).
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict fits_cores(const Request& request, const NodeState& node) {
    if (request.slots <= node.free_cores) return kFits;
    if (request.slots > node.cores) return {Fit::Never, "node has fewer cores than the job needs"};
    return {Fit::NotNow, "too few free cores"};
}

}  // namespace bramble::policy
