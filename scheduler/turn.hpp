// One event-loop turn: the spool transaction its handlers write into, the events they recorded,
// the jobs as those events leave them, and what waits for the commit. Nothing here touches the
// scheduler's jobs: they change only when the turn has committed, by applying its events in the
// order they were recorded (Scheduler::flush). A turn whose commit fails leaves memory as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/job_events.hpp"
#include "model/result.hpp"
#include "policy/snapshot.hpp"
#include "store/spool.hpp"

namespace bramble::scheduler {

class Turn {
  public:
    using Effect = std::function<void(bool committed)>;

    Turn(store::Spool& spool, const events::ActiveJobs& committed)
        : spool_(spool), committed_(committed) {}

    // Begins the transaction unless it is open; false when the spool cannot begin one.
    Status open();
    [[nodiscard]] bool is_open() const { return open_; }
    // A write failed (or the transaction could not begin): nothing of this turn will commit.
    [[nodiscard]] bool broken() const { return !broken_.empty(); }

    // The job as this turn's events leave it: what a handler decides on. Null when it is not
    // active (unknown, or ended in this turn). Valid until the next record().
    [[nodiscard]] const Job* job(JobId id) const;
    // The jobs this turn submitted, in order (those still active in it).
    template <class Visit>
    void each_submitted(const Visit& visit) const {
        for (const JobId id : submitted_) {
            if (const Job* job = this->job(id)) visit(*job);
        }
    }
    // The job a submission token made in this turn, if any.
    [[nodiscard]] std::optional<JobId> token(const std::string& token) const;

    // Applies `event` to this turn's copy of its job and writes it, with the row of a job it
    // ends. An event that does not apply is refused and writes nothing; a write that fails fails
    // the whole turn (the spool's transaction cannot be trusted after it).
    Result<events::Applied> record(events::Event event, std::int64_t time);
    // Any other write of the turn (a node's inventory, a user's usage), failing the turn likewise.
    Status write(const std::function<Status(store::Spool&)>& change);
    Result<JobId> next_job_id();

    // The request a submission or qalter of this turn resolved for the job: the job's once the
    // turn commits, and what this turn's pass plans with.
    void resolve(JobId id, policy::PendingJob request) { requests_[id] = std::move(request); }
    [[nodiscard]] const policy::PendingJob* request(JobId id) const;

    void after_commit(Effect effect) { effects_.push_back(std::move(effect)); }
    [[nodiscard]] bool has_effects() const { return !effects_.empty(); }

    struct Outcome {
        bool committed = true;
        std::string why;  // when not committed
        std::vector<events::Event> events;
        std::unordered_map<JobId, policy::PendingJob> requests;
        std::vector<Effect> effects;
    };
    // Commits (or rolls back a failed turn) and hands over what the scheduler applies and runs.
    // The turn is empty afterwards.
    Outcome finish();

  private:
    Result<events::Applied> record_array(events::Event event, std::int64_t time);
    Error fail(const std::string& why);

    store::Spool& spool_;
    const events::ActiveJobs& committed_;
    bool open_ = false;
    std::string broken_;  // why a write failed; the turn is rolled back
    // The jobs this turn changed, as it leaves them; null for one that ended in it.
    std::unordered_map<JobId, std::unique_ptr<Job>> staged_;
    std::unordered_map<std::string, JobId> tokens_;
    std::vector<JobId> submitted_;
    std::vector<events::Event> events_;
    std::unordered_map<JobId, policy::PendingJob> requests_;
    std::vector<Effect> effects_;
};

}  // namespace bramble::scheduler
