// How many slots of a job a node can hold now: the least of its free cores, its free memory and
// each free consumable, divided by what one slot takes, after the master's per-job part.
#include <algorithm>
#include <iterator>
#include <limits>

#include "policy/filters/filters.hpp"
#include "policy/placement/placement.hpp"

namespace bramble::policy {

namespace {

constexpr std::uint64_t kUnbounded = std::numeric_limits<std::uint64_t>::max();

// Slots that `free` holds at `per_slot` each once `per_job` is set aside; kUnbounded when slots
// take none of it, 0 when even the per-job part does not fit.
std::uint64_t slots_within(std::uint64_t free, std::uint64_t per_slot, std::uint64_t per_job) {
    if (per_job > free) return 0;
    if (per_slot == 0) return kUnbounded;
    return (free - per_job) / per_slot;
}

std::uint64_t consumable_free(const NodeState& node, const std::string& name) {
    const auto& capacities = node.view->consumables;
    const auto found = capacities.find(name);
    if (found == capacities.end()) return 0;
    const auto index = static_cast<std::size_t>(std::distance(capacities.begin(), found));
    return index < node.consumables_free.size() ? node.consumables_free[index] : 0;
}

std::uint64_t consumables_limit(const Request& request, const NodeState& node, bool master) {
    std::uint64_t limit = kUnbounded;
    for (const Consumables* wanted : {request.per_slot, request.per_job}) {
        if (wanted == nullptr) continue;
        for (const auto& entry : *wanted) {
            const std::uint64_t per_slot = share_consumable(request, entry.first, Share{1, false});
            const std::uint64_t per_job = share_consumable(request, entry.first, Share{0, master});
            if (per_slot == 0 && per_job == 0) continue;
            limit = std::min(limit,
                             slots_within(consumable_free(node, entry.first), per_slot, per_job));
        }
    }
    return limit;
}

// Fits the shape the rule allows: all slots on one node, exactly N, or up to slots_max.
int shaped(const Request& request, std::uint64_t limit) {
    const auto most = static_cast<std::uint64_t>(std::max(request.slots_max, 0));
    const int slots = static_cast<int>(std::min(limit, most));
    switch (request.rule.kind) {
        case AllocationRule::Kind::PeSlots:
            return slots >= request.slots ? slots : 0;
        case AllocationRule::Kind::PerNode:
            return request.rule.per_node > 0 && slots >= request.rule.per_node
                       ? request.rule.per_node
                       : 0;
        case AllocationRule::Kind::FillUp:
        case AllocationRule::Kind::RoundRobin:
            break;
    }
    return slots;
}

}  // namespace

int slots_that_fit(const Request& request, const NodeState& node, bool master) {
    const Share probe{0, master};
    if (!node_up(request, probe, node).ok() || !node_pattern(request, probe, node).ok() ||
        !labels(request, probe, node).ok() || !exclusive(request, probe, node).ok() ||
        !gpio_lines(request, probe, node).ok()) {
        return 0;
    }
    std::uint64_t limit = static_cast<std::uint64_t>(std::max(node.free_cores, 0));
    const std::uint64_t per_job = master ? request.memory_per_job : 0;
    limit = std::min(limit, slots_within(node.memory_free, request.memory_per_slot, per_job));
    if (request.has_consumables())
        limit = std::min(limit, consumables_limit(request, node, master));
    return shaped(request, limit);
}

std::vector<Candidate> candidates(const Request& request, const std::vector<NodeState>& nodes) {
    std::vector<Candidate> found;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const int as_member = slots_that_fit(request, nodes[i], false);
        const int as_master = slots_that_fit(request, nodes[i], true);
        if (as_member > 0 || as_master > 0) found.push_back({i, as_member, as_master});
    }
    return found;
}

std::optional<std::size_t> first_master(const std::vector<Candidate>& found) {
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (found[i].as_master > 0) return i;
    }
    return std::nullopt;
}

}  // namespace bramble::policy
