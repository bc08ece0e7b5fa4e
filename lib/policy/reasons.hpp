// Pending reasons: one sentence per job the pass could not place, saying what it needs and the
// nearest thing on offer. Built only for jobs that stay pending, and cheaply: the sentence for a
// job shape is reused until the next placement changes what is free.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "policy/node_state.hpp"
#include "policy/request.hpp"
#include "policy/snapshot.hpp"
#include "policy/working_cluster.hpp"

namespace bramble::policy {

class PendingReasons {
  public:
    explicit PendingReasons(const std::vector<NodeView>& nodes);

    // Why `request` does not fit `cluster` now, e.g. "needs 4 cores with 2.0G each on one node;
    // largest free: pi02 with 3 cores and 1.5G", "pinned to pi03, which is down", "no node is up".
    std::string explain(const Request& request, const WorkingCluster& cluster);

  private:
    std::string explain_uncached(const Request& request, const WorkingCluster& cluster) const;
    std::string pinned(const Request& request, const WorkingCluster& cluster) const;

    std::vector<NodeState> empty_nodes_;

    // An unpinned job's reason depends only on its shape and on what is free, and queues hold
    // many jobs of few shapes: one sentence per shape until the next placement.
    std::map<std::pair<int, std::uint64_t>, std::string> by_shape_;
    std::uint64_t generation_ = 0;
};

}  // namespace bramble::policy
