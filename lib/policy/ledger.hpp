// The ledger: what every node has and what the allocations holding resources take of it (cores,
// memory, consumables, GPIO lines, exclusive holds), and each user's decayed usage. The one place
// where "hold", "give back" and "does it still fit" are computed: the scheduler builds one from
// its live state to snapshot it and to check a plan before committing it, the planner places on
// one (WorkingCluster), and the simulator plays its timeline on one. Copies share the nodes'
// immutable parts and copy flat vectors only, so backfill can copy it for every walk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/allocation.hpp"
#include "model/result.hpp"
#include "policy/fair_share.hpp"
#include "policy/node_state.hpp"
#include "policy/request.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy {

class Ledger {
  public:
    // The nodes as given, what their views say is busy included (a snapshot's nodes), or empty
    // views to take() allocations into. `half_life` is fair share's, in seconds (0: no decay).
    explicit Ledger(std::vector<NodeView> nodes, std::int64_t half_life = 0);
    // The same, keeping views into `nodes`, which must outlive the ledger and its copies: the
    // planner's pass, which has the snapshot's nodes already.
    static Ledger viewing(const std::vector<NodeView>& nodes);

    [[nodiscard]] const std::vector<NodeState>& nodes() const { return nodes_; }
    // The first node with this name.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const;
    [[nodiscard]] bool core_busy(std::size_t node, std::size_t core) const;

    // Marks everything `allocation` names as held: cores, memory, consumables, GPIO lines, and
    // the nodes themselves when it is exclusive. Nodes it does not know are skipped, and nothing
    // goes below zero: check with verify() first where the allocation may no longer fit.
    void take(const Allocation& allocation);
    // Gives back what `allocation` holds, never past a node's capacity.
    void release(const Allocation& allocation);

    // Whether `allocation` can be taken now for `request`: its slot count is in the request's
    // range, each node is named once and known, every grant passes the planner's filters for its
    // share (the first grant as the master), and the cores it names are free. The message says
    // what does not fit, where, and what is free there.
    [[nodiscard]] Status verify(const Request& request, const Allocation& allocation) const;

    // Every node with what is busy on it now, in the order the ledger was built with.
    [[nodiscard]] std::vector<NodeView> snapshot() const;

    // Adds `amount` slot-seconds used at time `at` to `user`'s usage. Usage decays by half every
    // half-life: an amount older than what the user has is decayed to the user's time first,
    // so the order of accruals does not matter.
    void accrue(const std::string& user, double amount, std::int64_t at);
    // Every user's usage as of `now`.
    [[nodiscard]] std::map<std::string, double> usage(std::int64_t now) const;

  private:
    struct Index;
    Ledger(std::shared_ptr<Index> index, std::int64_t half_life);
    void hold(std::size_t node, const NodeGrant& grant, bool exclusive, bool held);
    [[nodiscard]] Status verify_grant(const Request& request, const NodeGrant& grant,
                                      bool master) const;

    std::shared_ptr<const Index> index_;
    std::vector<NodeState> nodes_;
    std::vector<bool> core_busy_;  // every node's cores, one after another
    std::int64_t half_life_ = 0;
    std::map<std::string, Usage> usage_;
};

}  // namespace bramble::policy
