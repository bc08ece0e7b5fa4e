// fits_cores: one free core per slot of the share; a core is never shared.
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict fits_cores(const Request& /*request*/, const Share& share, const NodeState& node) {
    if (share.slots <= node.free_cores) return kFits;
    if (share.slots > node.cores) return {Fit::Never, "node has fewer cores than the job needs"};
    return {Fit::NotNow, "too few free cores"};
}

}  // namespace bramble::policy
