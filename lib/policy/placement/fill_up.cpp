// fill_up: fill one node after another until the job has its slots. The master is the first node,
// by the order below, that can be one (with GPIO lines, the node that has them); the others follow
// with the most free slots first, so the job spans as few nodes as it can. Ties go to the earlier
// node in the snapshot.
#include <algorithm>

#include "policy/placement/placement.hpp"

namespace bramble::policy {

std::optional<Layout> place_fill_up(const Request& request, std::vector<Candidate> found) {
    std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        return std::max(a.as_member, a.as_master) > std::max(b.as_member, b.as_master);
    });
    const auto master = first_master(found);
    if (!master) return std::nullopt;
    Layout layout;
    int wanted = request.slots_max;
    const int on_master = std::min(found[*master].as_master, wanted);
    layout.push_back({found[*master].node, on_master});
    wanted -= on_master;
    for (std::size_t i = 0; i < found.size() && wanted > 0; ++i) {
        if (i == *master || found[i].as_member == 0) continue;
        const int slots = std::min(found[i].as_member, wanted);
        layout.push_back({found[i].node, slots});
        wanted -= slots;
    }
    if (request.slots_max - wanted < request.slots) return std::nullopt;
    return layout;
}

}  // namespace bramble::policy
