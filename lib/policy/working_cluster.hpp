// The planner's working copy of the cluster for one pass: what is free on each node, updated as
// jobs are placed so that two placements in one pass never share a core or a byte.
#pragma once

#include <cstddef>
#include <cstdint>
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
    // Keeps views into `nodes`, which must outlive this object.
    explicit WorkingCluster(const std::vector<NodeView>& nodes);

    [[nodiscard]] const std::vector<NodeState>& nodes() const { return nodes_; }

    // The first node with this name.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const;

    // Where the request fits now: among the nodes that pass every filter, the one with the fewest
    // free cores (best fit, to keep whole nodes free for wide jobs); ties go to the earlier node.
    [[nodiscard]] std::optional<std::size_t> best_fit(const Request& request) const;

    // Reserves the request on `node` (which must fit it): the lowest free core indices and
    // slots x memory_per_slot bytes.
    NodeGrant take(std::size_t node, const Request& request);

    // Where the request would go now under its allocation rule, or nothing; changes nothing.
    [[nodiscard]] std::optional<Allocation> place(const Request& request) const;
    // Marks everything `allocation` names as held (after place(), or a reservation's allocation).
    void take(const Allocation& allocation);
    // Gives back what `allocation` holds (a running job ending, on backfill's timeline).
    void release(const Allocation& allocation);

    // Over the nodes that are up.
    [[nodiscard]] std::size_t up_count() const { return up_count_; }
    [[nodiscard]] int max_free_cores() const { return max_free_cores_; }
    [[nodiscard]] std::uint64_t max_free_memory() const { return max_free_memory_; }

    // Changes whenever take() does; lets callers cache what they derived from the free resources.
    [[nodiscard]] std::uint64_t generation() const { return generation_; }

  private:
    void refresh_maxima();

    std::vector<NodeState> nodes_;
    std::vector<std::vector<bool>> busy_;  // per node, one entry per core
    std::unordered_map<std::string_view, std::size_t> by_name_;
    std::size_t up_count_ = 0;
    int max_free_cores_ = 0;
    std::uint64_t max_free_memory_ = 0;
    std::uint64_t generation_ = 0;
};

}  // namespace bramble::policy
