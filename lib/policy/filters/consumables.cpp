// consumables: each generic consumable (gpu: 1) the share holds must fit what running jobs have
// left of the node's capacity: per slot on every node, per job on the master too.
#include <iterator>

#include "policy/filters/filters.hpp"

namespace bramble::policy {

namespace {

Verdict fits_one(const Request& request, const std::string& name, const Share& share,
                 const NodeState& node) {
    const std::uint64_t amount = share_consumable(request, name, share);
    if (amount == 0) return kFits;
    const auto& capacities = node.view->consumables;
    const auto found = capacities.find(name);
    if (found == capacities.end()) return {Fit::Never, "node lacks a requested consumable"};
    if (amount > found->second) return {Fit::Never, "node has less of a consumable than needed"};
    const auto index = static_cast<std::size_t>(std::distance(capacities.begin(), found));
    if (index < node.consumables_free.size() && amount <= node.consumables_free[index]) {
        return kFits;
    }
    return {Fit::NotNow, "a requested consumable is in use"};
}

Verdict fits_all(const Request& request, const Consumables* wanted, const Share& share,
                 const NodeState& node) {
    if (wanted == nullptr) return kFits;
    for (const auto& entry : *wanted) {
        const Verdict verdict = fits_one(request, entry.first, share, node);
        if (!verdict.ok()) return verdict;
    }
    return kFits;
}

}  // namespace

Verdict consumables(const Request& request, const Share& share, const NodeState& node) {
    const Verdict verdict = fits_all(request, request.per_slot, share, node);
    if (!verdict.ok()) return verdict;
    return fits_all(request, request.per_job, share, node);
}

}  // namespace bramble::policy
