// fits_memory: slots x memory_per_slot must fit in what running jobs have not reserved.
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict fits_memory(const Request& request, const NodeState& node) {
    if (request.memory <= node.memory_free) return kFits;
    if (request.memory > node.memory)
        return {Fit::Never, "node has less memory than the job needs"};
    return {Fit::NotNow, "too little free memory"};
}

}  // namespace bramble::policy
