// exclusive: an exclusive job starts only on nodes where nothing runs, and a node held by an
// exclusive job takes nothing else until it ends.
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict exclusive(const Request& request, const Share& /*share*/, const NodeState& node) {
    if (node.exclusive) return {Fit::NotNow, "node is held by an exclusive job"};
    if (request.exclusive && node.running_jobs > 0) {
        return {Fit::NotNow, "node runs other jobs and the job needs it alone"};
    }
    return kFits;
}

}  // namespace bramble::policy
