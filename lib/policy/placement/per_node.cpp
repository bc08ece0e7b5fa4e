// A fixed allocation rule: exactly N slots on every node used, so the job's slots are a multiple of
// N (the most such multiple within its range). The master is the first node in the snapshot that
// can be one; the others follow in snapshot order.
#include <algorithm>

#include "policy/placement/placement.hpp"

namespace bramble::policy {

std::optional<Layout> place_per_node(const Request& request, std::vector<Candidate> found) {
    const int per_node = request.rule.per_node;
    if (per_node < 1) return std::nullopt;
    const auto master = first_master(found);
    if (!master) return std::nullopt;
    const int usable = static_cast<int>(std::count_if(
        found.begin(), found.end(), [](const Candidate& c) { return c.as_member > 0; }));
    // The master counts even when it could not be another node's member.
    const int nodes_free = usable + (found[*master].as_member > 0 ? 0 : 1);
    const int nodes = std::min(nodes_free, request.slots_max / per_node);
    if (nodes * per_node < request.slots) return std::nullopt;
    Layout layout{{found[*master].node, per_node}};
    for (std::size_t i = 0; i < found.size() && static_cast<int>(layout.size()) < nodes; ++i) {
        if (i != *master && found[i].as_member > 0) layout.push_back({found[i].node, per_node});
    }
    return layout;
}

}  // namespace bramble::policy
