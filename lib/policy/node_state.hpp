// One node as the filters see it: its capacity and what is free on it right now. The planner keeps
// one per node and updates it as it places jobs; could_ever_run builds empty, up ones.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "policy/snapshot.hpp"

namespace bramble::policy {

struct NodeState {
    std::string_view name;
    bool up = true;
    int cores = 0;
    int free_cores = 0;
    std::uint64_t memory = 0;
    std::uint64_t memory_free = 0;
};

// The node as it would be with nothing running on it, up.
inline NodeState empty_node(const NodeView& node) {
    const int cores = std::max(node.cores, 0);
    return NodeState{node.name, true, cores, cores, node.memory, node.memory};
}

}  // namespace bramble::policy
