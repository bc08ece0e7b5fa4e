// The working copy of the cluster: placement by the job's rule, and holding and giving back what
// grants name.
#include "policy/working_cluster.hpp"

#include <algorithm>
#include <iterator>

#include "policy/filters/filters.hpp"
#include "policy/placement/placement.hpp"

namespace bramble::policy {

namespace {

// What running jobs hold of each consumable, in the order of the node's capacities; a consumable
// the snapshot gives no free amount for is taken to be all free.
void load_consumables(const NodeView& view, NodeState& state) {
    std::size_t i = 0;
    for (const auto& [name, capacity] : view.consumables) {
        const auto free = view.consumables_free.find(name);
        state.consumables_free[i++] =
            free == view.consumables_free.end() ? capacity : std::min(free->second, capacity);
    }
}

void load_gpio(const NodeView& view, NodeState& state) {
    for (std::size_t i = 0; i < view.gpio.size(); ++i) {
        const auto& busy = view.gpio_busy;
        state.gpio_busy[i] = std::find(busy.begin(), busy.end(), view.gpio[i]) != busy.end();
    }
}

std::optional<std::size_t> consumable_index(const NodeState& node, const std::string& name) {
    const auto& capacities = node.view->consumables;
    const auto found = capacities.find(name);
    if (found == capacities.end()) return std::nullopt;
    return static_cast<std::size_t>(std::distance(capacities.begin(), found));
}

std::optional<std::size_t> gpio_index(const NodeState& node, const std::string& line) {
    const auto& lines = node.view->gpio;
    const auto found = std::find(lines.begin(), lines.end(), line);
    if (found == lines.end()) return std::nullopt;
    return static_cast<std::size_t>(found - lines.begin());
}

std::uint64_t give_back(std::uint64_t free, std::uint64_t amount, std::uint64_t capacity) {
    return std::min(capacity, saturating_add(free, amount));
}

}  // namespace

WorkingCluster::WorkingCluster(const std::vector<NodeView>& nodes) {
    auto index = std::make_shared<Index>();
    nodes_.reserve(nodes.size());
    index->first_core.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const NodeView& view = nodes[i];
        NodeState state = empty_node(view);
        state.up = view.up;
        state.running_jobs = std::max(view.running_jobs, 0);
        state.exclusive = view.exclusive;
        // A core the busy map does not mention is free; memory_free never exceeds the total.
        index->first_core.push_back(core_busy_.size());
        const auto cores = static_cast<std::size_t>(state.cores);
        for (std::size_t core = 0; core < cores; ++core)
            core_busy_.push_back(core < view.core_busy.size() && view.core_busy[core]);
        state.free_cores = static_cast<int>(std::count(
            core_busy_.end() - static_cast<std::ptrdiff_t>(cores), core_busy_.end(), false));
        state.memory_free = std::min(view.memory_free, view.memory);
        load_consumables(view, state);
        load_gpio(view, state);
        nodes_.push_back(std::move(state));
        index->by_name.try_emplace(nodes_.back().name, i);
    }
    index_ = std::move(index);
    refresh_maxima();
}

std::optional<std::size_t> WorkingCluster::find(std::string_view name) const {
    const auto found = index_->by_name.find(name);
    if (found == index_->by_name.end()) return std::nullopt;
    return found->second;
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
        const int slots = node ? slots_that_fit(request, nodes_[*node], true) : 0;
        if (slots > 0) layout = Layout{ShareAt{*node, slots}};
    } else {
        switch (request.rule.kind) {
            case AllocationRule::Kind::PeSlots:
                layout = place_pe_slots(request, nodes_);
                break;
            case AllocationRule::Kind::FillUp:
                layout = place_fill_up(request, candidates(request, nodes_));
                break;
            case AllocationRule::Kind::RoundRobin:
                layout = place_round_robin(request, candidates(request, nodes_));
                break;
            case AllocationRule::Kind::PerNode:
                layout = place_per_node(request, candidates(request, nodes_));
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

bool WorkingCluster::core_busy(std::size_t node, std::size_t core) const {
    return core_busy_[index_->first_core[node] + core];
}

NodeGrant WorkingCluster::grant_for(const Request& request, std::size_t node,
                                    const Share& share) const {
    NodeGrant grant;
    grant.node = std::string(nodes_[node].name);
    grant.memory = share_memory(request, share);
    grant.cores.reserve(static_cast<std::size_t>(share.slots));
    const auto cores = static_cast<std::size_t>(nodes_[node].cores);
    for (std::size_t core = 0; core < cores && grant.slots() < share.slots; ++core) {
        if (!core_busy(node, core)) grant.cores.push_back(static_cast<int>(core));
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
    for (const NodeGrant& grant : allocation.grants) {
        if (const auto node = find(grant.node)) hold(*node, grant, allocation.exclusive, true);
    }
    ++generation_;
    refresh_maxima();
}

void WorkingCluster::release(const Allocation& allocation) {
    for (const NodeGrant& grant : allocation.grants) {
        if (const auto node = find(grant.node)) hold(*node, grant, allocation.exclusive, false);
    }
    ++generation_;
    refresh_maxima();
}

// Marks what `grant` names as held (`held`) or free again, never past zero or the capacity.
void WorkingCluster::hold(std::size_t node, const NodeGrant& grant, bool exclusive, bool held) {
    NodeState& state = nodes_[node];
    for (const int core : grant.cores) {
        if (core < 0 || core >= state.cores) continue;
        auto bit = core_busy_[index_->first_core[node] + static_cast<std::size_t>(core)];
        if (bit == held) continue;
        bit = held;
        state.free_cores += held ? -1 : 1;
    }
    state.memory_free = held ? state.memory_free - std::min(grant.memory, state.memory_free)
                             : give_back(state.memory_free, grant.memory, state.memory);
    for (const auto& [name, amount] : grant.consumables) {
        const auto index = consumable_index(state, name);
        if (!index) continue;
        std::uint64_t& free = state.consumables_free[*index];
        free = held ? free - std::min(amount, free)
                    : give_back(free, amount, state.view->consumables.at(name));
    }
    for (const std::string& line : grant.gpio) {
        if (const auto index = gpio_index(state, line)) state.gpio_busy[*index] = held;
    }
    state.running_jobs = held ? state.running_jobs + 1 : std::max(state.running_jobs - 1, 0);
    if (exclusive) state.exclusive = held;
}

void WorkingCluster::refresh_maxima() {
    up_count_ = 0;
    max_free_cores_ = 0;
    max_free_memory_ = 0;
    total_free_cores_ = 0;
    idle_count_ = 0;
    for (const NodeState& node : nodes_) {
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
