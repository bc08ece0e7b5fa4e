// What the last scheduling pass said of each waiting job — why it waits, its reservation, its
// priority and the parts it came from — kept for qstat -j and qstat -pri until the next pass
// speaks of the job, or the job ends.
#pragma once

#include <string>
#include <unordered_map>

#include "policy/planner.hpp"
#include "wire/messages.hpp"

namespace bramble::scheduler {

class PlanNotes {
  public:
    // The pass's notes replace the earlier ones of the jobs it speaks of.
    void keep(policy::Plan& plan);
    // A job the pass may speak of again starts without notes.
    void forget(JobId id);
    // Why the job waits, when something other than the pass decided it (a placement that the
    // re-check refused, a request the config no longer resolves).
    void set_reason(JobId id, std::string reason);

    [[nodiscard]] const std::string* reason(JobId id) const;
    [[nodiscard]] wire::JobPlanNote note(JobId id) const;

  private:
    std::unordered_map<JobId, policy::PendingReason> reasons_;
    std::unordered_map<JobId, policy::Reservation> reservations_;
    std::unordered_map<JobId, policy::JobPriority> priorities_;
};

}  // namespace bramble::scheduler
