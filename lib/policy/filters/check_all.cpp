// The filter chain: cheapest and most selective first, stopping at the first objection.
#include <array>

#include "policy/filters/filters.hpp"

namespace bramble::policy {

namespace {

constexpr std::array<Filter, 9> kChain{&node_pattern, &node_up,    &abandoned_here,
                                       &labels,       &exclusive,  &fits_cores,
                                       &fits_memory,  &gpio_lines, &consumables};

Verdict run(std::span<const Filter> chain, const Request& request, const Share& share,
            const NodeState& node) {
    for (const Filter filter : chain) {
        const Verdict verdict = filter(request, share, node);
        if (!verdict.ok()) return verdict;
    }
    return kFits;
}

}  // namespace

std::span<const Filter> filter_chain() {
    return kChain;
}

Verdict check_all(const Request& request, const Share& share, const NodeState& node) {
    return run(kChain, request, share, node);
}

Verdict check_static(const Request& request, const Share& share, const NodeState& node) {
    constexpr std::array<Filter, 3> kStatic{&node_pattern, &labels, &gpio_lines};
    const Verdict verdict = run(kStatic, request, share, node);
    return verdict.fit == Fit::Never ? verdict : kFits;
}

}  // namespace bramble::policy
