// The scheduler's live state as the planner sees it: the ledger of the nodes (with their configured
// labels, consumables and GPIO lines), what jobs hold of them and each user's usage; the pending
// and running jobs with their resolved requests; and the policy's knobs. Pure functions of the
// parts they are given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/cluster_config.hpp"
#include "current_jobs.hpp"
#include "node_book.hpp"
#include "policy/ledger.hpp"
#include "policy/snapshot.hpp"
#include "usage_book.hpp"

namespace bramble::scheduler {

// What a pass plans on.
struct LiveState {
    const config::ClusterConfig& config;
    const NodeBook& nodes;
    const CurrentJobs& jobs;
    const UsageBook& usage;
};

// What every node has, what jobs that are dispatched, running or being deleted hold of it, and
// each user's usage as of `now`.
policy::Ledger live_ledger(const LiveState& state, std::int64_t now);
// The planner's snapshot: the live ledger's nodes, the jobs that may start, those that hold nodes.
policy::Snapshot planning_snapshot(const LiveState& state, std::int64_t now);
// Every node that has registered, up and empty: what "could this job ever run" is judged by.
std::vector<policy::NodeView> empty_node_views(const config::ClusterConfig& config,
                                               const NodeBook& nodes);
policy::PolicyConfig policy_config(const config::ClusterConfig& config);

}  // namespace bramble::scheduler
