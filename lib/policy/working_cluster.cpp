// The working copy of the cluster: best-fit search and reservation of cores and memory.
#include "policy/working_cluster.hpp"

#include <algorithm>

#include "policy/filters/filters.hpp"

namespace bramble::policy {

WorkingCluster::WorkingCluster(const std::vector<NodeView>& nodes) {
    nodes_.reserve(nodes.size());
    busy_.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const NodeView& view = nodes[i];
        NodeState state = empty_node(view);
        state.up = view.up;
        // A core the busy map does not mention is free; memory_free never exceeds the total.
        std::vector<bool> busy(static_cast<std::size_t>(state.cores), false);
        const std::size_t known = std::min(busy.size(), view.core_busy.size());
        std::copy_n(view.core_busy.begin(), known, busy.begin());
        state.free_cores = static_cast<int>(std::count(busy.begin(), busy.end(), false));
        state.memory_free = std::min(view.memory_free, view.memory);
        nodes_.push_back(state);
        busy_.push_back(std::move(busy));
        by_name_.try_emplace(nodes_.back().name, i);
    }
    refresh_maxima();
}

std::optional<std::size_t> WorkingCluster::find(std::string_view name) const {
    const auto found = by_name_.find(name);
    if (found == by_name_.end()) return std::nullopt;
    return found->second;
}

std::optional<std::size_t> WorkingCluster::best_fit(const Request& request) const {
    if (request.slots < 1) return std::nullopt;
    if (!request.pinned.empty()) {
        const auto node = find(request.pinned);
        if (node && check_all(request, nodes_[*node]).ok()) return node;
        return std::nullopt;
    }
    // Cheap rejection first: a full cluster answers every further job in constant time.
    if (request.slots > max_free_cores_ || request.memory > max_free_memory_) return std::nullopt;
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        if (!check_all(request, nodes_[i]).ok()) continue;
        if (!best || nodes_[i].free_cores < nodes_[*best].free_cores) best = i;
        if (nodes_[i].free_cores == request.slots) break;  // a perfect fit cannot be beaten
    }
    return best;
}

NodeGrant WorkingCluster::take(std::size_t node, const Request& request) {
    NodeState& state = nodes_[node];
    std::vector<bool>& busy = busy_[node];
    NodeGrant grant;
    grant.node = std::string(state.name);
    grant.memory = request.memory;
    grant.cores.reserve(static_cast<std::size_t>(request.slots));
    for (std::size_t core = 0; core < busy.size() && grant.slots() < request.slots; ++core) {
        if (busy[core]) continue;
        busy[core] = true;
        grant.cores.push_back(static_cast<int>(core));
    }
    state.free_cores -= grant.slots();
    state.memory_free -= request.memory;
    ++generation_;
    refresh_maxima();
    return grant;
}

std::optional<Allocation> WorkingCluster::place(const Request& request) const {
    const auto node = best_fit(request);
    if (!node) return std::nullopt;
    Allocation allocation;
    NodeGrant grant;
    grant.node = std::string(nodes_[*node].name);
    grant.memory = request.memory;
    const std::vector<bool>& busy = busy_[*node];
    for (std::size_t core = 0; core < busy.size() && grant.slots() < request.slots; ++core) {
        if (!busy[core]) grant.cores.push_back(static_cast<int>(core));
    }
    allocation.grants.push_back(std::move(grant));
    return allocation;
}

void WorkingCluster::take(const Allocation& allocation) {
    for (const NodeGrant& grant : allocation.grants) {
        const auto node = find(grant.node);
        if (!node) continue;
        for (const int core : grant.cores) {
            const auto index = static_cast<std::size_t>(core);
            if (index < busy_[*node].size() && !busy_[*node][index]) {
                busy_[*node][index] = true;
                --nodes_[*node].free_cores;
            }
        }
        nodes_[*node].memory_free -= std::min(grant.memory, nodes_[*node].memory_free);
    }
    ++generation_;
    refresh_maxima();
}

void WorkingCluster::release(const Allocation& allocation) {
    for (const NodeGrant& grant : allocation.grants) {
        const auto node = find(grant.node);
        if (!node) continue;
        for (const int core : grant.cores) {
            const auto index = static_cast<std::size_t>(core);
            if (index < busy_[*node].size() && busy_[*node][index]) {
                busy_[*node][index] = false;
                ++nodes_[*node].free_cores;
            }
        }
        NodeState& state = nodes_[*node];
        state.memory_free = std::min(state.memory, state.memory_free + grant.memory);
    }
    ++generation_;
    refresh_maxima();
}

void WorkingCluster::refresh_maxima() {
    up_count_ = 0;
    max_free_cores_ = 0;
    max_free_memory_ = 0;
    for (const NodeState& node : nodes_) {
        if (!node.up) continue;
        ++up_count_;
        max_free_cores_ = std::max(max_free_cores_, node.free_cores);
        max_free_memory_ = std::max(max_free_memory_, node.memory_free);
    }
}

}  // namespace bramble::policy
