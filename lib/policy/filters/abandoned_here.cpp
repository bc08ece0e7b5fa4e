// abandoned_here: a job requeued because its node was lost does not go back to that node until
// the node has said what became of the earlier run (a node cut off may still be running it, and
// two runs on one node would be taken for one). Never final: the node clears it on its return.
#include <algorithm>

#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict abandoned_here(const Request& request, const Share& /*share*/, const NodeState& node) {
    if (std::find(request.abandoned_on.begin(), request.abandoned_on.end(), node.name) ==
        request.abandoned_on.end()) {
        return kFits;
    }
    return {Fit::NotNow, "an earlier run of the job may still be on this lost node"};
}

}  // namespace bramble::policy
