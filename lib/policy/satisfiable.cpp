// could_ever_run and the sentences that name what is impossible and the largest node.
#include "policy/satisfiable.hpp"

#include "model/units.hpp"
#include "policy/filters/filters.hpp"
#include "policy/phrases.hpp"
#include "policy/planner.hpp"

namespace bramble::policy {

namespace {

// The node with the most cores (then the most memory); the first of equals.
const NodeState& largest_by_cores(const std::vector<NodeState>& nodes) {
    const NodeState* best = &nodes.front();
    for (const NodeState& node : nodes) {
        if (node.cores > best->cores || (node.cores == best->cores && node.memory > best->memory)) {
            best = &node;
        }
    }
    return *best;
}

// The node with the most memory (then the most cores); the first of equals.
const NodeState& largest_by_memory(const std::vector<NodeState>& nodes) {
    const NodeState* best = &nodes.front();
    for (const NodeState& node : nodes) {
        if (node.memory > best->memory ||
            (node.memory == best->memory && node.cores > best->cores)) {
            best = &node;
        }
    }
    return *best;
}

std::string too_small_for_pin(const Request& request, const NodeState& node) {
    const std::string pinned = std::string(node.name) + ", the node it is pinned to, has ";
    if (request.slots > node.cores) {
        return "needs " + cores_text(request.slots) + " on one node; " + pinned +
               capacity_text(node);
    }
    return memory_demand_text(request) + "; " + pinned + format_memory(node.memory);
}

std::string too_small_everywhere(const Request& request, const std::vector<NodeState>& nodes) {
    const NodeState& widest = largest_by_cores(nodes);
    if (request.slots > widest.cores) {
        return "needs " + cores_text(request.slots) + " on one node; the largest node, " +
               std::string(widest.name) + ", has " + capacity_text(widest);
    }
    const NodeState& biggest = largest_by_memory(nodes);
    if (request.memory > biggest.memory) {
        return memory_demand_text(request) + "; the largest node, " + std::string(biggest.name) +
               ", has " + format_memory(biggest.memory);
    }
    return "needs " + cores_text(request.slots) + " and " + format_memory(request.memory) +
           " on one node (" + std::to_string(request.slots) + " slots x " +
           format_memory(request.memory_per_slot) +
           "); no node has both: " + std::string(widest.name) + " has " + capacity_text(widest) +
           ", " + std::string(biggest.name) + " has " + capacity_text(biggest);
}

}  // namespace

std::optional<std::string> why_never(const Request& request,
                                     const std::vector<NodeState>& empty_nodes) {
    if (empty_nodes.empty()) return std::nullopt;
    if (request.slots < 1) {
        return "asks for " + std::to_string(request.slots) + " slots; a job needs at least one";
    }
    if (!request.pinned.empty()) {
        for (const NodeState& node : empty_nodes) {
            if (node.name != request.pinned) continue;
            if (check_all(request, node).ok()) return std::nullopt;
            return too_small_for_pin(request, node);
        }
        return "pinned to node " + std::string(request.pinned) + ", which is not in the cluster";
    }
    for (const NodeState& node : empty_nodes) {
        if (check_all(request, node).ok()) return std::nullopt;
    }
    return too_small_everywhere(request, empty_nodes);
}

Status could_ever_run(const PendingJob& job, const std::vector<NodeView>& nodes) {
    std::vector<NodeState> empty_nodes;
    empty_nodes.reserve(nodes.size());
    for (const NodeView& node : nodes)
        empty_nodes.push_back(empty_node(node));
    if (auto reason = why_never(request_of(job), empty_nodes))
        return make_error(std::move(*reason));
    return ok_status();
}

}  // namespace bramble::policy
