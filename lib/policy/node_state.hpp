// One node as the filters see it: its capacity and what is free on it right now. The planner keeps
// one per node and updates it as it places jobs; could_ever_run builds empty, up ones.
// What never changes in a pass (name, labels, line names, consumable capacities) is read from the
// snapshot's NodeView, which must outlive the state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "policy/snapshot.hpp"

namespace bramble::policy {

struct NodeState {
    std::string_view name;
    bool up = true;
    int cores = 0;
    int free_cores = 0;
    std::uint64_t memory = 0;
    std::uint64_t memory_free = 0;
    const NodeView* view = nullptr;  // labels, GPIO line names, consumable capacities
    int running_jobs = 0;            // jobs holding anything here, this pass's included
    bool exclusive = false;          // held by an exclusive job: nothing else may start here
    // In the order of view->consumables; empty for the many nodes without any, so copying the
    // states of a whole cluster allocates only for the few that have them.
    std::vector<std::uint64_t> consumables_free;
    std::vector<bool> gpio_busy;  // in the order of view->gpio; empty when the node has no lines
};

// The node as it would be with nothing running on it, up.
inline NodeState empty_node(const NodeView& node) {
    NodeState state;
    state.name = node.name;
    state.cores = std::max(node.cores, 0);
    state.free_cores = state.cores;
    state.memory = node.memory;
    state.memory_free = node.memory;
    state.view = &node;
    state.consumables_free.reserve(node.consumables.size());
    for (const auto& [name, capacity] : node.consumables)
        state.consumables_free.push_back(capacity);
    state.gpio_busy.assign(node.gpio.size(), false);
    return state;
}

}  // namespace bramble::policy
