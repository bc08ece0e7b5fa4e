// Pending reasons: never-runnable first, then pinning, GPIO lines and exclusivity, then the
// nearest miss on the cluster.
#include "policy/reasons.hpp"

#include <algorithm>

#include "policy/filters/filters.hpp"
#include "policy/phrases.hpp"
#include "policy/placement/placement.hpp"
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

// Whether the job's node patterns, labels and GPIO lines allow this node at all.
bool allowed(const Request& request, const NodeState& node, bool master) {
    return check_static(request, Share{0, master}, node).ok();
}

// The allowed node with the most of `measure` free, the earlier of equals; null when none is.
const NodeState* most_free(const Request& request, const std::vector<NodeState>& nodes,
                           Measure measure) {
    const NodeState* best = nullptr;
    for (const NodeState& node : nodes) {
        if (!allowed(request, node, true)) continue;
        if (best == nullptr || has_more_free(node, *best, measure)) best = &node;
    }
    return best;
}

std::string on_nodes(const Request& request) {
    const std::string where = where_text(request);
    return where.empty() ? " on one node" : " on one of the " + where;
}

// Why the node holding the job's GPIO lines cannot take it now, if that is the trouble.
std::optional<std::string> gpio_reason(const Request& request, const WorkingCluster& cluster) {
    for (const NodeState& node : cluster.nodes()) {
        if (!allowed(request, node, true)) continue;
        const std::string name(node.name);
        const std::string& first = request.gpio.front();
        if (!node.up) {
            return "GPIO line " + first + " is on " + name + ", which is " + unavailable_text(node);
        }
        for (const std::string& line : request.gpio) {
            const auto& lines = node.view->gpio;
            const auto at = static_cast<std::size_t>(std::find(lines.begin(), lines.end(), line) -
                                                     lines.begin());
            if (at < node.gpio_busy.size() && node.gpio_busy[at]) {
                return "GPIO line " + line + " is held by another job on " + name;
            }
        }
        if (node.exclusive)
            return name + ", which has GPIO line " + first + ", runs an exclusive job";
        if (request.one_node()) {
            return demand_text(request) + " on " + name + ", the node with GPIO line " + first +
                   ", which has " + free_text(node) + " free";
        }
    }
    return std::nullopt;
}

std::optional<std::string> exclusive_reason(const Request& request, const WorkingCluster& cluster) {
    const bool idle =
        std::any_of(cluster.nodes().begin(), cluster.nodes().end(), [&](const NodeState& node) {
            return node.up && !node.exclusive && node.running_jobs == 0 &&
                   allowed(request, node, false);
        });
    if (idle) return std::nullopt;
    const std::string where = where_text(request);
    return "needs exclusive use of a node; every " +
           (where.empty() ? std::string("node") : "one of the " + where) + " runs jobs";
}

// No free core anywhere a job may go: nodes held by an exclusive job count as busy, and say so,
// since their idle cores would otherwise puzzle whoever reads qstat -j.
std::string every_core_busy(const WorkingCluster& cluster) {
    std::size_t exclusive = 0;
    for (const NodeState& node : cluster.nodes())
        exclusive += node.up && node.exclusive ? 1 : 0;
    const std::size_t up = cluster.up_count();
    if (exclusive == 0) {
        return "every core of the " + std::to_string(up) +
               (up == 1 ? " up node is busy" : " up nodes is busy");
    }
    if (exclusive == up) {
        return up == 1 ? "the only up node runs an exclusive job"
                       : "every up node runs an exclusive job";
    }
    return "every core of the " + std::to_string(up) + " up nodes is busy or held by an " +
           "exclusive job (" + std::to_string(exclusive) + (exclusive == 1 ? " node)" : " nodes)");
}

// A job spread over nodes: how many of its slots the allowed nodes could take now.
std::string spread_reason(const Request& request, const WorkingCluster& cluster) {
    if (cluster.total_free_cores() == 0) {
        return slots_demand_text(request) + "; " + every_core_busy(cluster);
    }
    int free = 0;
    int nodes = 0;
    for (const NodeState& node : cluster.nodes()) {
        const int slots =
            std::max(slots_that_fit(request, node, false), slots_that_fit(request, node, true));
        free += slots;
        nodes += slots > 0 ? 1 : 0;
    }
    const std::string where = where_text(request);
    std::string text = slots_demand_text(request) + (where.empty() ? "" : " over " + where);
    if (request.rule.kind == AllocationRule::Kind::PerNode) {
        return text + ", " + std::to_string(request.rule.per_node) + " on each node; " +
               std::to_string(nodes) + (nodes == 1 ? " node has" : " nodes have") + " room now";
    }
    return text + "; " + std::to_string(free) + " free " +
           (where.empty() ? "in the cluster" : "there");
}

// A job on one node: the allowed node that comes closest on what is short (memory when cores are
// not the problem).
std::string one_node_reason(const Request& request, const WorkingCluster& cluster) {
    const bool plain = request.patterns.empty() && request.labels == nullptr;
    if (plain && cluster.max_free_cores() == 0) {
        return demand_text(request) + " on one node; " + every_core_busy(cluster);
    }
    const bool memory_short =
        request.slots <= cluster.max_free_cores() && request.memory > cluster.max_free_memory();
    const NodeState* node =
        most_free(request, cluster.nodes(), memory_short ? Measure::Memory : Measure::Cores);
    if (node == nullptr) return demand_text(request) + on_nodes(request);
    const bool has_room = fits_cores(request, Share{request.slots, true}, *node).ok() &&
                          fits_memory(request, Share{request.slots, true}, *node).ok();
    const std::string nearest =
        "; largest free: " + std::string(node->name) + " with " + free_text(*node);
    if (has_room && request.has_consumables()) {
        return demand_text(request) + " and consumables" + on_nodes(request) +
               "; those with room have them in use";
    }
    return demand_text(request) + on_nodes(request) + nearest;
}

// "no node is up" when every node is down; otherwise how many are down, disabled and in error.
std::string nothing_up_reason(const WorkingCluster& cluster) {
    int down = 0;
    int disabled = 0;
    int in_error = 0;
    for (const NodeState& node : cluster.nodes()) {
        const Unavailable why = node.view->unavailable;
        (why == Unavailable::Disabled ? disabled : why == Unavailable::InError ? in_error : down)++;
    }
    if (disabled == 0 && in_error == 0) return "no node is up";
    std::string parts;
    for (const auto& [count, word] : {std::pair{down, "down"}, std::pair{disabled, "disabled"},
                                      std::pair{in_error, "in error"}}) {
        if (count == 0) continue;
        if (!parts.empty()) parts += ", ";
        parts += std::to_string(count) + " " + word;
    }
    return "no node takes jobs: " + parts;
}

std::string pinned_reason(const Request& request, const WorkingCluster& cluster) {
    // why_never has confirmed that the pinned node exists.
    const NodeState& node = cluster.nodes()[cluster.find(request.pinned).value_or(0)];
    const std::string name(node.name);
    if (!node.up) return "pinned to " + name + ", which is " + unavailable_text(node);
    if (node.exclusive) return "pinned to " + name + ", which runs an exclusive job";
    if (request.exclusive && node.running_jobs > 0) {
        return "needs exclusive use of " + name + ", the node it is pinned to, which runs jobs";
    }
    if (!request.gpio.empty()) {
        if (auto gpio = gpio_reason(request, cluster)) return std::move(*gpio);
    }
    return demand_text(request) + " on " + name + ", the node it is pinned to, which has " +
           free_text(node) + " free";
}

std::string constraints_text(const Request& request) {
    std::string text;
    for (const std::string& pattern : request.patterns)
        text += pattern + '|';
    if (request.labels != nullptr) text += "\n" + labels_text(*request.labels);
    text += '\n';
    for (const std::string& line : request.gpio)
        text += line + ',';
    for (const Consumables* wanted : {request.per_slot, request.per_job}) {
        text += '\n';
        if (wanted == nullptr) continue;
        for (const auto& [name, amount] : *wanted)
            text += name + "=" + std::to_string(amount) + ",";
    }
    return text;
}

}  // namespace

PendingReasons::PendingReasons(const std::vector<NodeView>& nodes) {
    empty_nodes_.reserve(nodes.size());
    for (const NodeView& node : nodes)
        empty_nodes_.push_back(empty_node(node));
}

PendingReasons::Shape PendingReasons::shape_of(const Request& request) {
    const bool plain = request.patterns.empty() && request.labels == nullptr &&
                       request.gpio.empty() && !request.has_consumables();
    return Shape{request.slots,
                 request.slots_max,
                 static_cast<int>(request.rule.kind),
                 request.rule.per_node,
                 request.memory_per_slot,
                 request.memory_per_job,
                 request.exclusive,
                 std::string(request.pe),
                 plain ? std::string() : constraints_text(request)};
}

std::string PendingReasons::explain(const Request& request, const WorkingCluster& cluster) {
    if (generation_ != cluster.generation()) {
        by_shape_.clear();
        generation_ = cluster.generation();
    }
    Shape shape = shape_of(request);
    auto found = by_shape_.find(shape);
    if (found == by_shape_.end()) {
        found = by_shape_.emplace(std::move(shape), explain_uncached(request, cluster)).first;
    }
    return found->second;
}

std::string PendingReasons::explain_uncached(const Request& request,
                                             const WorkingCluster& cluster) const {
    if (auto never = why_never(request, empty_nodes_)) return std::move(*never);
    if (cluster.nodes().empty()) return "no node has joined the cluster yet";
    if (!request.pinned.empty() && request.one_node()) return pinned_reason(request, cluster);
    if (cluster.up_count() == 0) return nothing_up_reason(cluster);
    if (!request.gpio.empty()) {
        if (auto gpio = gpio_reason(request, cluster)) return std::move(*gpio);
    }
    if (request.exclusive) {
        if (auto exclusive = exclusive_reason(request, cluster)) return std::move(*exclusive);
    }
    if (!request.one_node()) return spread_reason(request, cluster);
    return one_node_reason(request, cluster);
}

}  // namespace bramble::policy
