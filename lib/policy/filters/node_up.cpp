// node_up: nothing starts on a node that is down; it may come back, so this is never final.
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict node_up(const Request& /*request*/, const Share& /*share*/, const NodeState& node) {
    if (node.up) return kFits;
    return {Fit::NotNow, "node is down"};
}

}  // namespace bramble::policy
