// The planner's working copy of the cluster for one pass: what is free on each node, updated as
// jobs are placed so that two placements in one pass never share a core, a byte, a consumable or
// a GPIO line. Backfill copies it to simulate the future: a copy shares the immutable index and
// copies flat vectors only (a node's consumables and GPIO lines allocate only where it has any).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/allocation.hpp"
#include "policy/node_state.hpp"
#include "policy/request.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy {

class WorkingCluster {
  public:
    // Keeps views into `nodes`, which must outlive this object and its copies.
    explicit WorkingCluster(const std::vector<NodeView>& nodes);

    [[nodiscard]] const std::vector<NodeState>& nodes() const { return nodes_; }

    // The first node with this name.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const;

    // Where the request would go now under its allocation rule, or nothing; changes nothing.
    // The first grant is the master. See placement/ for each rule's choice of nodes.
    [[nodiscard]] std::optional<Allocation> place(const Request& request) const;
    // Marks everything `allocation` names as held (after place(), or a reservation's allocation):
    // cores, memory, consumables, GPIO lines, and the node itself when the allocation is
    // exclusive.
    void take(const Allocation& allocation);
    // Gives back what `allocation` holds (a running job ending, on backfill's timeline).
    void release(const Allocation& allocation);

    [[nodiscard]] std::size_t up_count() const { return up_count_; }
    // The rest are over the nodes that are up and not held by an exclusive job.
    [[nodiscard]] int max_free_cores() const { return max_free_cores_; }
    [[nodiscard]] std::uint64_t max_free_memory() const { return max_free_memory_; }
    [[nodiscard]] int total_free_cores() const { return total_free_cores_; }
    [[nodiscard]] std::size_t idle_count() const { return idle_count_; }  // running nothing

    // Changes whenever take() or release() does; lets callers cache what they derived from the
    // free resources.
    [[nodiscard]] std::uint64_t generation() const { return generation_; }

  private:
    struct Index {
        std::unordered_map<std::string_view, std::size_t> by_name;
        std::vector<std::size_t> first_core;  // per node, its offset in core_busy_
    };

    [[nodiscard]] bool cannot_fit_now(const Request& request) const;
    [[nodiscard]] NodeGrant grant_for(const Request& request, std::size_t node,
                                      const Share& share) const;
    [[nodiscard]] bool core_busy(std::size_t node, std::size_t core) const;
    void hold(std::size_t node, const NodeGrant& grant, bool exclusive, bool held);
    void refresh_maxima();

    std::shared_ptr<const Index> index_;
    std::vector<NodeState> nodes_;
    std::vector<bool> core_busy_;  // every node's cores, one after another
    std::size_t up_count_ = 0;
    int max_free_cores_ = 0;
    std::uint64_t max_free_memory_ = 0;
    int total_free_cores_ = 0;
    std::size_t idle_count_ = 0;
    std::uint64_t generation_ = 0;
};

}  // namespace bramble::policy
