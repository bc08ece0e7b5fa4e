// A job's request in the planner's terms, resolved against the cluster config: the PE's allocation
// rule, the queue's walltime default, and each -l name as a node label or a generic consumable.
// Pure: the same spec and config always give the same request or the same error.
#pragma once

#include "config/cluster_config.hpp"
#include "model/job_spec.hpp"
#include "model/result.hpp"
#include "policy/snapshot.hpp"

namespace bramble::scheduler {

// Everything of PendingJob except who and when (id, user, submit_time), which the caller sets.
// Errors name the option and what this cluster offers ("unknown resource 'gpus' in -l gpus=1;
// this cluster knows gpu, role, scratch and Grid Engine's built-in names").
Result<policy::PendingJob> resolve_request(const JobSpec& spec,
                                           const config::ClusterConfig& config);

}  // namespace bramble::scheduler
