// pinned_node: a job pinned to a node (YAML node:, -q QUEUE@NODE, -l hostname=NODE) runs there
// only.
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict pinned_node(const Request& request, const NodeState& node) {
    if (request.pinned.empty() || request.pinned == node.name) return kFits;
    return {Fit::Never, "not the node the job is pinned to"};
}

}  // namespace bramble::policy
