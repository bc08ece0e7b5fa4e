// Pending reasons: never-runnable first, then pinning, then the nearest miss on the cluster.
#include "policy/reasons.hpp"

#include <tuple>

#include "policy/phrases.hpp"
#include "policy/satisfiable.hpp"

namespace bramble::policy {

namespace {

enum class Measure { Cores, Memory };

// True when `a` has more of `measure` free than `b`, the other measure breaking ties; a node that
// is up beats one that is down.
bool has_more_free(const NodeState& a, const NodeState& b, Measure measure) {
    if (a.up != b.up) return a.up;
    const auto cores_first = std::tuple(a.free_cores, a.memory_free);
    const auto memory_first = std::tuple(a.memory_free, a.free_cores);
    return measure == Measure::Cores ? cores_first > std::tuple(b.free_cores, b.memory_free)
                                     : memory_first > std::tuple(b.memory_free, b.free_cores);
}

// The up node with the most of `measure` free, the earlier of equals. `nodes` has an up node.
const NodeState& most_free(const std::vector<NodeState>& nodes, Measure measure) {
    const NodeState* best = &nodes.front();
    for (const NodeState& node : nodes) {
        if (has_more_free(node, *best, measure)) best = &node;
    }
    return *best;
}

}  // namespace

PendingReasons::PendingReasons(const std::vector<NodeView>& nodes) {
    empty_nodes_.reserve(nodes.size());
    for (const NodeView& node : nodes)
        empty_nodes_.push_back(empty_node(node));
}

std::string PendingReasons::explain(const Request& request, const WorkingCluster& cluster) {
    if (!request.pinned.empty()) return explain_uncached(request, cluster);
    if (generation_ != cluster.generation()) {
        by_shape_.clear();
        generation_ = cluster.generation();
    }
    const auto shape = std::pair(request.slots, request.memory_per_slot);
    auto found = by_shape_.find(shape);
    if (found == by_shape_.end()) {
        found = by_shape_.emplace(shape, explain_uncached(request, cluster)).first;
    }
    return found->second;
}

std::string PendingReasons::explain_uncached(const Request& request,
                                             const WorkingCluster& cluster) const {
    if (auto never = why_never(request, empty_nodes_)) return std::move(*never);
    if (cluster.nodes().empty()) return "no node has joined the cluster yet";
    if (!request.pinned.empty()) return pinned(request, cluster);
    if (cluster.up_count() == 0) return "no node is up";
    if (cluster.max_free_cores() == 0) {
        return demand_text(request) + " on one node; every core of the " +
               std::to_string(cluster.up_count()) +
               (cluster.up_count() == 1 ? " up node is busy" : " up nodes is busy");
    }
    // Name the node that comes closest on what is short: memory when cores are not the problem.
    const bool memory_short =
        request.slots <= cluster.max_free_cores() && request.memory > cluster.max_free_memory();
    const NodeState& node =
        most_free(cluster.nodes(), memory_short ? Measure::Memory : Measure::Cores);
    return demand_text(request) + " on one node; largest free: " + std::string(node.name) +
           " with " + free_text(node);
}

std::string PendingReasons::pinned(const Request& request, const WorkingCluster& cluster) const {
    // why_never has confirmed that the pinned node exists.
    const NodeState& node = cluster.nodes()[cluster.find(request.pinned).value_or(0)];
    const std::string name(node.name);
    if (!node.up) return "pinned to " + name + ", which is down";
    return demand_text(request) + " on " + name + ", the node it is pinned to, which has " +
           free_text(node) + " free";
}

}  // namespace bramble::policy
