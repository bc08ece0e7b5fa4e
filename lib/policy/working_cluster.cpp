// The working copy of the cluster: placement by the job's rule over the ledger, and the maxima
// kept in step with its takes and releases.
#include "policy/working_cluster.hpp"

#include <algorithm>

#include "policy/filters/filters.hpp"
#include "policy/placement/placement.hpp"

namespace bramble::policy {

WorkingCluster::WorkingCluster(const std::vector<NodeView>& nodes)
    : ledger_(Ledger::viewing(nodes)) {
    refresh_maxima();
}

bool WorkingCluster::cannot_fit_now(const Request& request) const {
    if (up_count_ == 0) return true;
    if (request.exclusive && idle_count_ == 0) return true;
    if (!request.one_node()) return request.slots > total_free_cores_;
    return request.slots > max_free_cores_ || request.memory > max_free_memory_;
}

std::optional<Allocation> WorkingCluster::place(const Request& request) const {
    // Cheap rejection first: a full cluster answers every further job in constant time.
    if (request.slots < 1 || request.slots_max < request.slots || cannot_fit_now(request)) {
        return std::nullopt;
    }
    std::optional<Layout> layout;
    if (!request.pinned.empty() && request.one_node()) {
        const auto node = find(request.pinned);
        const int slots = node ? slots_that_fit(request, nodes()[*node], true) : 0;
        if (slots > 0) layout = Layout{ShareAt{*node, slots}};
    } else {
        switch (request.rule.kind) {
            case AllocationRule::Kind::PeSlots:
                layout = place_pe_slots(request, nodes());
                break;
            case AllocationRule::Kind::FillUp:
                layout = place_fill_up(request, candidates(request, nodes()));
                break;
            case AllocationRule::Kind::RoundRobin:
                layout = place_round_robin(request, candidates(request, nodes()));
                break;
            case AllocationRule::Kind::PerNode:
                layout = place_per_node(request, candidates(request, nodes()));
                break;
        }
    }
    if (!layout) return std::nullopt;
    Allocation allocation;
    allocation.exclusive = request.exclusive;
    allocation.grants.reserve(layout->size());
    for (const ShareAt& share : *layout) {
        const bool master = allocation.grants.empty();
        allocation.grants.push_back(grant_for(request, share.node, Share{share.slots, master}));
    }
    return allocation;
}

NodeGrant WorkingCluster::grant_for(const Request& request, std::size_t node,
                                    const Share& share) const {
    NodeGrant grant;
    const NodeState& state = nodes()[node];
    grant.node = std::string(state.name);
    grant.memory = share_memory(request, share);
    grant.cores.reserve(static_cast<std::size_t>(share.slots));
    const auto cores = static_cast<std::size_t>(state.cores);
    for (std::size_t core = 0; core < cores && grant.slots() < share.slots; ++core) {
        if (!ledger_.core_busy(node, core)) grant.cores.push_back(static_cast<int>(core));
    }
    for (const Consumables* wanted : {request.per_slot, request.per_job}) {
        if (wanted == nullptr) continue;
        for (const auto& entry : *wanted) {
            const std::uint64_t amount = share_consumable(request, entry.first, share);
            if (amount > 0) grant.consumables[entry.first] = amount;
        }
    }
    if (share.master) grant.gpio.assign(request.gpio.begin(), request.gpio.end());
    return grant;
}

void WorkingCluster::take(const Allocation& allocation) {
    ledger_.take(allocation);
    ++generation_;
    refresh_maxima();
}

void WorkingCluster::release(const Allocation& allocation) {
    ledger_.release(allocation);
    ++generation_;
    refresh_maxima();
}

void WorkingCluster::refresh_maxima() {
    up_count_ = 0;
    max_free_cores_ = 0;
    max_free_memory_ = 0;
    total_free_cores_ = 0;
    idle_count_ = 0;
    for (const NodeState& node : nodes()) {
        if (!node.up) continue;
        ++up_count_;
        if (node.exclusive) continue;
        if (node.running_jobs == 0) ++idle_count_;
        max_free_cores_ = std::max(max_free_cores_, node.free_cores);
        max_free_memory_ = std::max(max_free_memory_, node.memory_free);
        total_free_cores_ += node.free_cores;
    }
}

}  // namespace bramble::policy
