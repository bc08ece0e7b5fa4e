// pe_slots (and serial jobs): every slot on one node. Of the nodes that fit, the one that gives a
// slot range the most slots; among equals the one with the fewest free cores (best fit, to keep
// whole nodes free for wide jobs), then the earlier node.
#include "policy/filters/filters.hpp"
#include "policy/placement/placement.hpp"

namespace bramble::policy {

std::optional<Layout> place_pe_slots(const Request& request, const std::vector<NodeState>& nodes) {
    const Share least{request.slots, true};
    const bool ranged = request.slots_max > request.slots;
    std::optional<std::size_t> best;
    int best_slots = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!check_all(request, least, nodes[i]).ok()) continue;
        const int slots = ranged ? slots_that_fit(request, nodes[i], true) : request.slots;
        const bool better = !best || slots > best_slots ||
                            (slots == best_slots && nodes[i].free_cores < nodes[*best].free_cores);
        if (better) {
            best = i;
            best_slots = slots;
        }
        // A perfect fit cannot be beaten.
        if (!ranged && nodes[i].free_cores == request.slots) break;
    }
    if (!best) return std::nullopt;
    return Layout{ShareAt{*best, best_slots}};
}

}  // namespace bramble::policy
