// The planner's working copy of the cluster for one pass: a Ledger of what is free on each node,
// taken from as jobs are placed so that two placements in one pass never share a core, a byte, a
// consumable or a GPIO line, plus placement by the job's rule and the cluster-wide maxima that
// reject a full cluster cheaply. Backfill copies it to simulate the future: a copy shares the
// ledger's immutable index and copies flat vectors only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/allocation.hpp"
#include "policy/ledger.hpp"
#include "policy/node_state.hpp"
#include "policy/request.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy {

class WorkingCluster {
  public:
    // Keeps views into `nodes`, which must outlive this object and its copies.
    explicit WorkingCluster(const std::vector<NodeView>& nodes);

    [[nodiscard]] const Ledger& ledger() const { return ledger_; }
    [[nodiscard]] const std::vector<NodeState>& nodes() const { return ledger_.nodes(); }

    // The first node with this name.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const {
        return ledger_.find(name);
    }

    // Where the request would go now under its allocation rule, or nothing; changes nothing.
    // The first grant is the master. See placement/ for each rule's choice of nodes.
    [[nodiscard]] std::optional<Allocation> place(const Request& request) const;
    // Ledger::take, after place() or for a reservation's allocation.
    void take(const Allocation& allocation);
    // Ledger::release: a running job ending, on backfill's timeline.
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
    [[nodiscard]] bool cannot_fit_now(const Request& request) const;
    [[nodiscard]] NodeGrant grant_for(const Request& request, std::size_t node,
                                      const Share& share) const;
    void refresh_maxima();

    Ledger ledger_;
    std::size_t up_count_ = 0;
    int max_free_cores_ = 0;
    std::uint64_t max_free_memory_ = 0;
    int total_free_cores_ = 0;
    std::size_t idle_count_ = 0;
    std::uint64_t generation_ = 0;
};

}  // namespace bramble::policy
