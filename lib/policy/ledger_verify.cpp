// Ledger::verify: whether an allocation the planner chose still fits, by the planner's own
// filters, and in words for people when it does not: what the grant needs, what is free, and of
// what capacity.
#include <algorithm>
#include <iterator>

#include "model/units.hpp"
#include "policy/filters/filters.hpp"
#include "policy/ledger.hpp"
#include "policy/phrases.hpp"

namespace bramble::policy {

namespace {

std::string node_text(const NodeState& node) {
    return "node " + std::string(node.name);
}

std::string consumable_refusal(const Request& request, const Share& share, const NodeState& node) {
    const auto& capacities = node.view->consumables;
    for (const Consumables* wanted : {request.per_slot, request.per_job}) {
        if (wanted == nullptr) continue;
        for (const auto& entry : *wanted) {
            const std::uint64_t amount = share_consumable(request, entry.first, share);
            if (amount == 0) continue;
            const auto found = capacities.find(entry.first);
            if (found == capacities.end()) {
                return node_text(node) + " has no consumable '" + entry.first + "'";
            }
            const auto index = static_cast<std::size_t>(std::distance(capacities.begin(), found));
            const std::uint64_t free =
                index < node.consumables_free.size() ? node.consumables_free[index] : 0;
            if (amount <= free) continue;
            return node_text(node) + " has " + std::to_string(free) + " " + entry.first +
                   " free of " + std::to_string(found->second) + "; the job needs " +
                   std::to_string(amount) + " there";
        }
    }
    return node_text(node) + ": a requested consumable is in use";
}

std::string gpio_refusal(const Request& request, const NodeState& node) {
    const std::vector<std::string>& lines = node.view->gpio;
    for (const std::string& line : request.gpio) {
        const auto found = std::find(lines.begin(), lines.end(), line);
        if (found == lines.end()) return node_text(node) + " has no GPIO line '" + line + "'";
        const auto index = static_cast<std::size_t>(found - lines.begin());
        if (index < node.gpio_busy.size() && node.gpio_busy[index]) {
            return "GPIO line " + line + " on " + node_text(node) + " is held by another job";
        }
    }
    return node_text(node) + ": a requested GPIO line is held by another job";
}

// The sentence for the filter that refused the node; the filters' own fixed phrases where the
// node's numbers would add nothing.
std::string refusal(Filter filter, const Verdict& verdict, const Request& request,
                    const Share& share, const NodeState& node) {
    if (filter == &node_up) {
        return node_text(node) + " is not taking jobs (down, or resting after an error)";
    }
    if (filter == &exclusive) {
        if (node.exclusive) return node_text(node) + " is held by an exclusive job";
        return node_text(node) + " runs " + std::to_string(node.running_jobs) +
               (node.running_jobs == 1 ? " job" : " jobs") + " and the job needs it alone";
    }
    if (filter == &fits_cores) {
        return node_text(node) + " has " + std::to_string(node.free_cores) + " free of " +
               cores_text(node.cores) + "; the job needs " + std::to_string(share.slots) + " there";
    }
    if (filter == &fits_memory) {
        return node_text(node) + " has " + format_memory(node.memory_free) + " free of " +
               format_memory(node.memory) + "; the job needs " +
               format_memory(share_memory(request, share)) + " there";
    }
    if (filter == &gpio_lines) return gpio_refusal(request, node);
    if (filter == &consumables) return consumable_refusal(request, share, node);
    return node_text(node) + ": " + std::string(verdict.reason);
}

std::string slots_range(const Request& request) {
    return std::to_string(request.slots) +
           (request.slots_max > request.slots ? "-" + std::to_string(request.slots_max) : "");
}

}  // namespace

Status Ledger::verify(const Request& request, const Allocation& allocation) const {
    if (allocation.empty()) return make_error("the plan gave it no node");
    const int slots = allocation.slots();
    if (slots < request.slots || slots > std::max(request.slots, request.slots_max)) {
        return make_error("the plan gave it " + slots_text(slots) + "; it asks for " +
                          slots_range(request));
    }
    for (std::size_t i = 0; i < allocation.grants.size(); ++i) {
        const NodeGrant& grant = allocation.grants[i];
        const auto earlier = allocation.grants.begin() + static_cast<std::ptrdiff_t>(i);
        if (std::any_of(allocation.grants.begin(), earlier,
                        [&](const NodeGrant& other) { return other.node == grant.node; })) {
            return make_error("the plan names node " + grant.node + " twice");
        }
        if (auto fits = verify_grant(request, grant, i == 0); !fits) return fits;
    }
    return ok_status();
}

Status Ledger::verify_grant(const Request& request, const NodeGrant& grant, bool master) const {
    const auto node = find(grant.node);
    if (!node) return make_error("node " + grant.node + " is not in the cluster");
    const NodeState& state = nodes_[*node];
    const Share share{grant.slots(), master};
    for (const Filter filter : filter_chain()) {
        const Verdict verdict = filter(request, share, state);
        if (!verdict.ok()) return make_error(refusal(filter, verdict, request, share, state));
    }
    std::vector<bool> named(static_cast<std::size_t>(state.cores), false);
    for (const int core : grant.cores) {
        if (core < 0 || core >= state.cores) {
            return make_error(node_text(state) + " has no core " + std::to_string(core) +
                              " (it has " + cores_text(state.cores) + ")");
        }
        const auto index = static_cast<std::size_t>(core);
        if (named[index]) {
            return make_error("the plan names core " + std::to_string(core) + " of " +
                              node_text(state) + " twice");
        }
        named[index] = true;
        if (core_busy(*node, index)) {
            return make_error("core " + std::to_string(core) + " of " + node_text(state) +
                              " is already in use");
        }
    }
    return ok_status();
}

}  // namespace bramble::policy
