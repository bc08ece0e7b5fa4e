// The filter chain: cheapest and most selective first, stopping at the first objection.
#include <array>

#include "policy/filters/filters.hpp"

namespace bramble::policy {

namespace {

using Filter = Verdict (*)(const Request&, const NodeState&);

constexpr std::array<Filter, 4> kChain{&pinned_node, &node_up, &fits_cores, &fits_memory};

}  // namespace

Verdict check_all(const Request& request, const NodeState& node) {
    for (const Filter filter : kChain) {
        const Verdict verdict = filter(request, node);
        if (!verdict.ok()) return verdict;
    }
    return kFits;
}

}  // namespace bramble::policy
