// The active jobs as committed, and what is kept in step with them: each submission token's job,
// how many jobs each owner has (max_queued_per_user), and each job's request as resolved against
// the config. Only apply() changes it, with events that have been committed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "model/job_events.hpp"
#include "policy/snapshot.hpp"

namespace bramble::scheduler {

class JobBook {
  public:
    [[nodiscard]] const events::ActiveJobs& active() const { return jobs_; }
    [[nodiscard]] const Job* find(JobId id) const;
    [[nodiscard]] std::optional<JobId> token(const std::string& token) const;
    // Active jobs and array tasks of this owner, running ones included.
    [[nodiscard]] int owned_by(std::uint32_t uid) const;

    [[nodiscard]] const policy::PendingJob* request(JobId id) const;
    // The request a submission or qalter resolved, or a restart resolved again.
    void set_request(JobId id, policy::PendingJob request);
    // A job whose request no longer resolves (the config changed) is not planned at all.
    void drop_request(JobId id) { requests_.erase(id); }

    // events::apply on the active jobs, and the indices kept in step. A job the event ends is
    // handed back in Applied::ended and forgotten here.
    Result<events::Applied> apply(events::Event event);
    // The jobs a restart replayed; their requests are resolved by the caller.
    void restore(events::ActiveJobs jobs);

  private:
    void index(const Job& job);
    void forget(const Job& ended);

    events::ActiveJobs jobs_;
    std::unordered_map<std::string, JobId> tokens_;
    // Counted with the jobs: the max_queued_per_user check on every submission must not walk them.
    std::unordered_map<std::uint32_t, int> owned_;
    std::unordered_map<JobId, policy::PendingJob> requests_;
};

}  // namespace bramble::scheduler
