// round_robin: one slot per node in turn over the nodes that fit, until the job has its slots. The
// turn starts at the master (the first node in the snapshot that can be one) and goes on in
// snapshot order; a node that is full drops out of the turn.
#include <algorithm>

#include "policy/placement/placement.hpp"

namespace bramble::policy {

std::optional<Layout> place_round_robin(const Request& request, std::vector<Candidate> found) {
    const auto master = first_master(found);
    if (!master) return std::nullopt;
    // The master to the front, its capacity as the master; the others keep their order.
    std::rotate(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(*master),
                found.begin() + static_cast<std::ptrdiff_t>(*master) + 1);
    found.front().as_member = found.front().as_master;
    std::vector<int> given(found.size(), 0);
    int placed = 0;
    bool progress = true;
    while (placed < request.slots_max && progress) {
        progress = false;
        for (std::size_t i = 0; i < found.size() && placed < request.slots_max; ++i) {
            if (given[i] >= found[i].as_member) continue;
            ++given[i];
            ++placed;
            progress = true;
        }
    }
    if (placed < request.slots) return std::nullopt;
    Layout layout;
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (given[i] > 0) layout.push_back({found[i].node, given[i]});
    }
    return layout;
}

}  // namespace bramble::policy
