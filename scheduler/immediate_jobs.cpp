// qsub -now y: an immediate job starts in the first pass after its submission or is deleted in
// that pass's turn, and qsub hears which only once that is durable ("Your immediate job N has been
// successfully scheduled." or "Your qsub request could not be scheduled, try again later."). A
// submission that lands in a turn whose pass has already run waits for the next turn's pass.
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

bool waits_for_its_pass(JobState state) {
    return state == JobState::Pending || state == JobState::Held;
}

}  // namespace

void Scheduler::delete_unplaced_immediate_jobs(const std::vector<JobId>& immediate) {
    for (const JobId id : immediate) {
        const Job* job = turn_.job(id);
        if (job == nullptr || !waits_for_its_pass(job->state)) continue;
        (void)record(events::DeleteRequested{
            id, "the scheduler: -now y and it could not start at once", clock_.wall_seconds()});
    }
}

void Scheduler::await_immediate(JobId id, const std::string& name, const Reply& reply) {
    if (const Job* job = jobs_.find(id)) {
        if (job->spec.immediate && waits_for_its_pass(job->state)) {
            immediate_[id] = ImmediateSubmission{name, reply};
            return;
        }
        return reply(wire::SubmitReply{id, name, true});
    }
    // Decided already (a repeated submission after a restart): a job that ended unstarted was not
    // scheduled.
    auto stored = spool_->load_job(id);
    const bool started = stored && stored->has_value() && (*stored)->start_time > 0;
    reply(wire::SubmitReply{id, name, started});
}

void Scheduler::answer_immediate(const events::Applied& applied) {
    auto waiting = immediate_.find(applied.id);
    if (waiting == immediate_.end()) return;
    const bool started = applied.after == JobState::Dispatched;
    if (!started && !applied.ended) return;
    waiting->second.reply(wire::SubmitReply{applied.id, waiting->second.name, started});
    immediate_.erase(waiting);
}

}  // namespace bramble::scheduler
