// Pending reasons: one sentence per job the pass could not place, saying what it needs and the
// nearest thing on offer. Built only for jobs that stay pending, and cheaply: the sentence for a
// job shape is reused until the next placement changes what is free.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
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
    // largest free: pi02 with 3 cores and 1.5G", "pinned to pi03, which is down", "no node is up",
    // "GPIO line fan is held by another job on pi03", "needs exclusive use of a node; every node
    // runs jobs", "needs 6 slots with -pe mpi over nodes matching pi0[1-3]; 4 free there".
    std::string explain(const Request& request, const WorkingCluster& cluster);

  private:
    // Everything a sentence depends on besides the cluster; `constraints` is empty (and costs no
    // allocation) for the common job that names no nodes, labels, lines or consumables.
    using Shape = std::tuple<int, int, int, int, std::uint64_t, std::uint64_t, bool, std::string,
                             std::string>;
    static Shape shape_of(const Request& request);

    std::string explain_uncached(const Request& request, const WorkingCluster& cluster) const;

    std::vector<NodeState> empty_nodes_;
    std::map<Shape, std::string> by_shape_;
    std::uint64_t generation_ = 0;
};

}  // namespace bramble::policy
