// plan(): offer resources to pending jobs in start order (order.hpp). A job starts now if its
// user's limits allow (limits.hpp), it fits (WorkingCluster::place) and it delays no reservation
// (backfill.hpp); the first blocked jobs get reservations. With backfill off, nothing starts
// behind a job that is blocked but could run on this cluster one day.
#include "policy/planner.hpp"

#include <optional>
#include <string>
#include <utility>

#include "policy/backfill.hpp"
#include "policy/fair_share.hpp"
#include "policy/limits.hpp"
#include "policy/order.hpp"
#include "policy/reasons.hpp"
#include "policy/request.hpp"
#include "policy/working_cluster.hpp"

namespace bramble::policy {

namespace {

class Pass {
  public:
    Pass(const Snapshot& snapshot, std::int64_t now, Plan& plan)
        : snapshot_(snapshot),
          now_(now),
          plan_(plan),
          cluster_(snapshot.nodes),
          reasons_(snapshot.nodes),
          queue_(snapshot, now),
          limits_(snapshot),
          backfill_(snapshot, now) {}

    void run() {
        plan_.priorities.reserve(snapshot_.pending.size());
        plan_.reasons.reserve(snapshot_.pending.size());
        JobPriority priority;
        while (const auto index = queue_.next(priority)) {
            plan_.priorities.push_back(priority);
            offer(snapshot_.pending[*index]);
        }
        plan_.reservations = backfill_.reservations();
    }

  private:
    void offer(const PendingJob& job);
    void start(const PendingJob& job, Allocation allocation, std::int64_t end);
    void hold(const PendingJob& job, const Request& request);
    void wait(JobId id, std::string reason, std::int64_t until = 0) {
        plan_.reasons.push_back({id, std::move(reason), until});
    }

    const Snapshot& snapshot_;
    std::int64_t now_;
    Plan& plan_;
    WorkingCluster cluster_;
    PendingReasons reasons_;
    StartQueue queue_;
    UserLimits limits_;
    Backfill backfill_;
    // With backfill off: the job everything else now waits behind, and when it should start (0
    // when no time could be found).
    std::optional<std::pair<JobId, std::int64_t>> blocker_;
};

void Pass::offer(const PendingJob& job) {
    if (auto refusal = limits_.refuse(job)) return wait(job.id, std::move(*refusal));
    const Request request = request_of(job);
    auto allocation = cluster_.place(request);
    if (!allocation) return hold(job, request);
    if (blocker_) {
        return wait(job.id,
                    "waits behind job " + std::to_string(blocker_->first) + " (backfill is off)",
                    blocker_->second);
    }
    const std::int64_t end = end_of(now_, job.walltime);
    if (const Reservation* reserved = backfill_.delayed_by(*allocation, end)) {
        return wait(job.id,
                    "would delay the reservation of job " + std::to_string(reserved->id) +
                        ", which starts within " + duration_text(reserved->start - now_),
                    reserved->start);
    }
    start(job, std::move(*allocation), end);
}

void Pass::start(const PendingJob& job, Allocation allocation, std::int64_t end) {
    cluster_.take(allocation);
    backfill_.placed(allocation, end);
    limits_.count(job.user, allocation.slots());
    queue_.charge(job.user, pass_charge(job, snapshot_.policy.waiting_scale));
    plan_.placements.push_back({job.id, std::move(allocation)});
}

// `job` does not fit now: reserve its start if the pass still may, and with backfill off make
// everything behind it wait.
void Pass::hold(const PendingJob& job, const Request& request) {
    if (!blocker_) {
        if (const auto start = backfill_.reserve(job, request, cluster_)) {
            // What it lacks now, then the promise: "needs 1 gpu ...; reserved to start within 12m".
            wait(job.id,
                 reasons_.explain(request, cluster_) + "; reserved to start within " +
                     duration_text(*start - now_),
                 *start);
            if (!snapshot_.policy.backfill) blocker_ = {job.id, *start};
            return;
        }
    }
    wait(job.id, reasons_.explain(request, cluster_));
    if (!snapshot_.policy.backfill && !blocker_ && could_ever_run(job, snapshot_.nodes).ok()) {
        blocker_ = {job.id, 0};
    }
}

}  // namespace

Plan plan(const Snapshot& snapshot, std::int64_t now) {
    Plan result;
    if (snapshot.pending.empty()) return result;
    Pass pass(snapshot, now, result);
    pass.run();
    return result;
}

}  // namespace bramble::policy
