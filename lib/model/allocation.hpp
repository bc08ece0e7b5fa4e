// An allocation: exactly which cores and how much memory a job holds on each node.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bramble {

struct NodeGrant {
    std::string node;
    std::vector<int> cores;    // logical core indices on that node, 0-based; one slot per core
    std::uint64_t memory = 0;  // bytes reserved on that node

    [[nodiscard]] int slots() const { return static_cast<int>(cores.size()); }
};

struct Allocation {
    std::vector<NodeGrant> grants;  // the first grant is the master node, where the script runs

    [[nodiscard]] bool empty() const { return grants.empty(); }
    [[nodiscard]] int slots() const {
        int total = 0;
        for (const auto& grant : grants)
            total += grant.slots();
        return total;
    }
};

}  // namespace bramble
