// labels: every key=value the job requires must equal the node's label of that key. Labels come
// from the cluster config, so a node without them never qualifies.
#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict labels(const Request& request, const Share& /*share*/, const NodeState& node) {
    if (request.labels == nullptr) return kFits;
    for (const auto& [key, value] : *request.labels) {
        const auto found = node.view->labels.find(key);
        if (found == node.view->labels.end() || found->second != value) {
            return {Fit::Never, "node lacks a required label"};
        }
    }
    return kFits;
}

}  // namespace bramble::policy
