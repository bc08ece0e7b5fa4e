// could_ever_run and the sentences that name what is impossible: first the job's own shape, then
// its constraints (pin, patterns, labels, GPIO lines, consumables), then sizes, naming the largest
// node.
#include "policy/satisfiable.hpp"

#include <algorithm>

#include "model/units.hpp"
#include "policy/filters/filters.hpp"
#include "policy/phrases.hpp"
#include "policy/placement/placement.hpp"
#include "policy/planner.hpp"

namespace bramble::policy {

namespace {

using Nodes = std::vector<const NodeState*>;

// The node with the most cores (then the most memory); the first of equals.
const NodeState& largest_by_cores(const Nodes& nodes) {
    const NodeState* best = nodes.front();
    for (const NodeState* node : nodes) {
        if (node->cores > best->cores ||
            (node->cores == best->cores && node->memory > best->memory)) {
            best = node;
        }
    }
    return *best;
}

// The node with the most memory (then the most cores); the first of equals.
const NodeState& largest_by_memory(const Nodes& nodes) {
    const NodeState* best = nodes.front();
    for (const NodeState* node : nodes) {
        if (node->memory > best->memory ||
            (node->memory == best->memory && node->cores > best->cores)) {
            best = node;
        }
    }
    return *best;
}

std::optional<std::string> rule_never(const Request& request) {
    if (request.rule.kind != AllocationRule::Kind::PerNode) return std::nullopt;
    const int per_node = request.rule.per_node;
    if (per_node < 1) {
        return slots_demand_text(request) + ", whose allocation rule puts " +
               std::to_string(per_node) + " slots on each node; it must be at least 1";
    }
    if (request.slots_max / per_node * per_node >= request.slots) return std::nullopt;
    const std::string rule = ", which puts " + std::to_string(per_node) + " on each node; ";
    if (request.slots_max == request.slots) {
        return slots_demand_text(request) + rule + std::to_string(request.slots) +
               " is not a multiple of " + std::to_string(per_node);
    }
    return slots_demand_text(request) + rule + "no multiple of " + std::to_string(per_node) +
           " lies in " + std::to_string(request.slots) + "-" + std::to_string(request.slots_max);
}

bool fits_somewhere(const Request& request, const std::vector<NodeState>& nodes) {
    switch (request.rule.kind) {
        case AllocationRule::Kind::PeSlots:
            return place_pe_slots(request, nodes).has_value();
        case AllocationRule::Kind::FillUp:
            return place_fill_up(request, candidates(request, nodes)).has_value();
        case AllocationRule::Kind::RoundRobin:
            return place_round_robin(request, candidates(request, nodes)).has_value();
        case AllocationRule::Kind::PerNode:
            return place_per_node(request, candidates(request, nodes)).has_value();
    }
    return false;
}

Nodes passing(const Nodes& nodes, Filter filter, const Request& request, const Share& share) {
    Nodes kept;
    for (const NodeState* node : nodes) {
        if (filter(request, share, *node).ok()) kept.push_back(node);
    }
    return kept;
}

std::string patterns_text(const Request& request) {
    std::string text;
    for (const std::string& pattern : request.patterns)
        text += (text.empty() ? "" : " or ") + pattern;
    return text;
}

std::string among(const Request& request) {
    return request.patterns.empty() ? "" : " among nodes matching " + patterns_text(request);
}

std::string missing_label(const Request& request, const Nodes& nodes) {
    for (const auto& label : *request.labels) {
        const bool anywhere = std::any_of(nodes.begin(), nodes.end(), [&](const NodeState* node) {
            const auto found = node->view->labels.find(label.first);
            return found != node->view->labels.end() && found->second == label.second;
        });
        if (!anywhere) {
            return "no node has label " + label.first + "=" + label.second + among(request);
        }
    }
    return "no node has labels " + labels_text(*request.labels) + " together" + among(request);
}

const NodeState* holder_of(const std::vector<NodeState>& nodes, const std::string& line) {
    for (const NodeState& node : nodes) {
        const auto& lines = node.view->gpio;
        if (std::find(lines.begin(), lines.end(), line) != lines.end()) return &node;
    }
    return nullptr;
}

std::string missing_gpio(const Request& request, const std::vector<NodeState>& all,
                         const Nodes& eligible) {
    for (const std::string& line : request.gpio) {
        const NodeState* holder = holder_of(all, line);
        if (holder == nullptr) return "no node has GPIO line '" + line + "'";
        if (std::find(eligible.begin(), eligible.end(), holder) == eligible.end()) {
            return "GPIO line '" + line + "' is on " + std::string(holder->name) +
                   ", which is not one of the " + where_text(request);
        }
    }
    return "the GPIO lines the job names are not all on one node; a job's lines must all be on "
           "its master node";
}

std::optional<std::string> missing_consumable(const Request& request, const Nodes& nodes) {
    for (const Consumables* wanted : {request.per_slot, request.per_job}) {
        if (wanted == nullptr) continue;
        for (const auto& consumable : *wanted) {
            if (consumable.second == 0) continue;
            const std::string& name = consumable.first;
            const bool anywhere = std::any_of(
                nodes.begin(), nodes.end(),
                [&](const NodeState* node) { return node->view->consumables.count(name) != 0; });
            if (!anywhere) return "no node has consumable '" + name + "'" + among(request);
        }
    }
    return std::nullopt;
}

// Why the job's constraints rule out every node; `masters` is set to the nodes that could be its
// master as far as constraints go.
std::optional<std::string> constraints_never(const Request& request,
                                             const std::vector<NodeState>& all, Nodes& masters) {
    Nodes nodes;
    for (const NodeState& node : all)
        nodes.push_back(&node);
    const Share master{0, true};
    nodes = passing(nodes, &node_pattern, request, master);
    if (nodes.empty() && !request.pinned.empty()) {
        return "pinned to node " + std::string(request.pinned) + ", which is not in the cluster";
    }
    if (nodes.empty()) return "no node matches " + patterns_text(request);
    const Nodes matching = nodes;
    nodes = passing(nodes, &labels, request, master);
    if (nodes.empty()) return missing_label(request, matching);
    if (auto consumable = missing_consumable(request, nodes)) return consumable;
    masters = passing(nodes, &gpio_lines, request, master);
    if (masters.empty()) return missing_gpio(request, all, nodes);
    return std::nullopt;
}

// The job must run on `node` (pinned there, or it has the job's GPIO lines), which is too small.
std::string too_small_for(const Request& request, const NodeState& node, const std::string& why) {
    const std::string pinned = std::string(node.name) + ", " + why + ", has ";
    if (request.slots > node.cores) {
        return "needs " + cores_text(request.slots) + " on one node; " + pinned +
               capacity_text(node);
    }
    return memory_demand_text(request) + "; " + pinned + format_memory(node.memory);
}

// A consumable no single node has enough of for the master's share, naming the node with the most.
std::optional<std::string> consumable_too_small(const Request& request, const Nodes& nodes) {
    const Share share{request.slots, true};
    for (const Consumables* wanted : {request.per_slot, request.per_job}) {
        if (wanted == nullptr) continue;
        for (const auto& entry : *wanted) {
            const std::string& name = entry.first;
            const std::uint64_t needed = share_consumable(request, name, share);
            const NodeState* best = nullptr;
            std::uint64_t most = 0;
            for (const NodeState* node : nodes) {
                const auto found = node->view->consumables.find(name);
                if (found == node->view->consumables.end() || (best && found->second <= most)) {
                    continue;
                }
                best = node;
                most = found->second;
            }
            if (best == nullptr || needed <= most) continue;
            return "needs " + name + "=" + std::to_string(needed) + " on one node; the most any " +
                   "node has is " + std::to_string(most) + ", on " + std::string(best->name);
        }
    }
    return std::nullopt;
}

std::string too_small_everywhere(const Request& request, const Nodes& nodes) {
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
    if (request.has_consumables()) {
        return "needs " + cores_text(request.slots) + ", " + format_memory(request.memory) +
               " and its consumables on one node; no node has them all";
    }
    return "needs " + cores_text(request.slots) + " and " + format_memory(request.memory) +
           " on one node (" + std::to_string(request.slots) + " slots x " +
           format_memory(request.memory_per_slot) +
           "); no node has both: " + std::string(widest.name) + " has " + capacity_text(widest) +
           ", " + std::string(biggest.name) + " has " + capacity_text(biggest);
}

// A parallel job that the nodes its constraints allow cannot hold even when empty.
std::string too_small_spread(const Request& request, const std::vector<NodeState>& all) {
    const std::string where = where_text(request);
    if (request.rule.kind == AllocationRule::Kind::PerNode) {
        const auto holding = std::count_if(all.begin(), all.end(), [&](const NodeState& node) {
            return slots_that_fit(request, node, false) > 0;
        });
        const int per_node = request.rule.per_node;
        return slots_demand_text(request) + ", " + std::to_string(per_node) + " on each of " +
               std::to_string((request.slots + per_node - 1) / per_node) + " nodes; " +
               std::to_string(holding) + (holding == 1 ? " node" : " nodes") + " can hold " +
               std::to_string(per_node);
    }
    int cores = 0;
    int slots = 0;
    for (const NodeState& node : all) {
        if (!node_pattern(request, Share{}, node).ok() || !labels(request, Share{}, node).ok())
            continue;
        cores += node.cores;
        slots += slots_that_fit(request, node, false);
    }
    const std::string who = where.empty() ? "the cluster has " : where + " have ";
    if (cores < request.slots) return slots_demand_text(request) + "; " + who + cores_text(cores);
    if (slots < request.slots) {
        return slots_demand_text(request) + " and " + format_memory(request.memory_per_slot) +
               " each; " + (where.empty() ? "the cluster holds " : where + " hold ") +
               std::to_string(slots) + " such slots";
    }
    return slots_demand_text(request) + "; no node can be its master with " +
           format_memory(request.memory_per_job) + " for the job and its GPIO lines";
}

}  // namespace

std::optional<std::string> why_never(const Request& request,
                                     const std::vector<NodeState>& empty_nodes) {
    if (empty_nodes.empty()) return std::nullopt;
    if (request.slots < 1) {
        return "asks for " + std::to_string(request.slots) + " slots; a job needs at least one";
    }
    if (auto rule = rule_never(request)) return rule;
    if (fits_somewhere(request, empty_nodes)) return std::nullopt;
    Nodes masters;
    if (auto constraint = constraints_never(request, empty_nodes, masters)) return constraint;
    if (!request.one_node()) return too_small_spread(request, empty_nodes);
    if (auto consumable = consumable_too_small(request, masters)) return consumable;
    if (!request.pinned.empty()) {
        return too_small_for(request, *masters.front(), "the node it is pinned to");
    }
    if (!request.gpio.empty()) {
        return too_small_for(request, *masters.front(),
                             "the node with GPIO line '" + request.gpio.front() + "'");
    }
    return too_small_everywhere(request, masters);
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
