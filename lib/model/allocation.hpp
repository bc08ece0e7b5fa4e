// An allocation: exactly which cores and how much memory a job holds on each node.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bramble {

struct NodeGrant {
    std::string node;
    std::vector<int> cores;    // logical core indices on that node, 0-based; one slot per core
    std::uint64_t memory = 0;  // bytes reserved on that node
    std::map<std::string, std::uint64_t> consumables;  // generic consumables held there (gpu: 1)
    std::vector<std::string> gpio;                     // GPIO line names held there

    [[nodiscard]] int slots() const { return static_cast<int>(cores.size()); }
    bool operator==(const NodeGrant&) const = default;
};

struct Allocation {
    std::vector<NodeGrant> grants;  // the first grant is the master node, where the script runs
    bool exclusive = false;         // no other job may use these nodes while this one runs

    [[nodiscard]] bool empty() const { return grants.empty(); }
    [[nodiscard]] int slots() const {
        int total = 0;
        for (const auto& grant : grants)
            total += grant.slots();
        return total;
    }
};

}  // namespace bramble
