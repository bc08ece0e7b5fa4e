// The planner: a pure function from a snapshot and the time to a plan. No I/O, no clock calls
// (time is an argument), no global state: the same input always gives the same plan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/allocation.hpp"
#include "model/result.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy {

struct Placement {
    JobId id = 0;
    Allocation allocation;
};

// Why a job did not start in this pass, as qstat -j prints it.
struct PendingReason {
    JobId id = 0;
    std::string reason;
};

struct Plan {
    std::vector<Placement> placements;   // in the order the jobs should start
    std::vector<PendingReason> reasons;  // one per pending job that was not placed
};

Plan plan(const Snapshot& snapshot, std::int64_t now);

// Could this job ever run on these nodes if they were all up and empty? The error names what is
// impossible and the largest node ("needs 8 cores on one node; the largest node, pi01, has 4").
Status could_ever_run(const PendingJob& job, const std::vector<NodeView>& nodes);

}  // namespace bramble::policy
