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

// Why a job did not start in this pass, as qstat -j prints it. When the job waits for a
// reservation (its own or another's), `until` is that reservation's start so the caller can print
// the time in the reader's zone ("reserved for job 37 until 14:05").
struct PendingReason {
    JobId id = 0;
    std::string reason;
    std::int64_t until = 0;
};

// A job that cannot start now but will at `start` on `allocation`: nothing that starts ahead of it
// may delay that.
struct Reservation {
    JobId id = 0;
    std::int64_t start = 0;
    Allocation allocation;
};

// A pending job's place in the order and the parts it came from (qstat -pri and qstat -j show
// them).
struct JobPriority {
    JobId id = 0;
    double total = 0;       // the weighted sum; higher starts first
    double priority = 0;    // normalised -p, 0..1
    double fair_share = 0;  // 0..1; 1 for a user with no past usage
    double waiting = 0;     // 0..1
};

struct Plan {
    std::vector<Placement> placements;      // in the order the jobs should start
    std::vector<Reservation> reservations;  // for jobs that will start later
    std::vector<PendingReason> reasons;     // one per pending job that was not placed
    std::vector<JobPriority> priorities;    // one per pending job, in start order
};

Plan plan(const Snapshot& snapshot, std::int64_t now);

// Could this job ever run on these nodes if they were all up and empty? The error names what is
// impossible and the largest node ("needs 8 cores on one node; the largest node, pi01, has 4").
Status could_ever_run(const PendingJob& job, const std::vector<NodeView>& nodes);

}  // namespace bramble::policy
