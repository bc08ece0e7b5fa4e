// fits_memory: slots x memory_per_slot (plus memory_per_job on the master) must fit in what
// running jobs have not reserved.
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict fits_memory(const Request& request, const Share& share, const NodeState& node) {
    const std::uint64_t memory = share_memory(request, share);
    if (memory <= node.memory_free) return kFits;
    if (memory > node.memory) return {Fit::Never, "node has less memory than the job needs"};
    return {Fit::NotNow, "too little free memory"};
}

}  // namespace bramble::policy
