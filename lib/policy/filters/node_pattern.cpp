// node_pattern: a job that names nodes (YAML nodes:, -l hostname=pi0[1-3], -q QUEUE@NODE) runs on
// nodes matching one of its patterns only.
#include "policy/node_pattern.hpp"

#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict node_pattern(const Request& request, const Share& /*share*/, const NodeState& node) {
    if (!request.pinned.empty()) {
        if (request.pinned == node.name) return kFits;
        return {Fit::Never, "not the node the job is pinned to"};
    }
    if (matches_any(request.patterns, node.name)) return kFits;
    return {Fit::Never, "does not match the job's node patterns"};
}

}  // namespace bramble::policy
