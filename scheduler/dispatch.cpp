// The scheduling pass: snapshot the live state, ask the pure planner for a plan, re-check each
// placement against live state, commit the dispatches in the turn's transaction, and only then
// send StartJob to each job's master node. One pass per batch of events.
#include <string>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

// The pass plans on the jobs as the open turn leaves them (PassDriver runs it once per turn).
void Scheduler::run_pass() {
    std::vector<JobId> immediate;
    place_jobs(immediate);
    delete_unplaced_immediate_jobs(immediate);
}

void Scheduler::place_jobs(std::vector<JobId>& immediate) {
    const CurrentJobs current = current_jobs();
    const std::int64_t now = clock_.wall_seconds();
    const auto view = planning_snapshot(LiveState{config_, nodes_, current, usage_}, now);
    auto plan = policy::plan(view, now);
    // The last pass's notes go for every job this pass may speak of; a job whose request no longer
    // resolves keeps its reason (restart.cpp).
    current.each([&](const Job& job) {
        if (job.state == JobState::Pending && current.request(job.id) != nullptr) {
            notes_.forget(job.id);
        }
        if (job.spec.immediate) immediate.push_back(job.id);
    });
    if (view.pending.empty()) return;
    const auto began = clock_.steady_ms();
    notes_.keep(plan);
    auto live = live_ledger(now);
    std::size_t dispatched = 0;
    for (auto& placement : plan.placements) {
        const Job* job = turn_.job(placement.id);
        if (job == nullptr) continue;
        if (auto fits = recheck(*job, placement.allocation, live); !fits) {
            log("job " + job_id_text(placement.id) + ": placement refused: " + fits.message());
            notes_.set_reason(placement.id, fits.message());
            continue;
        }
        commit_placement(*job, std::move(placement.allocation), live);
        ++dispatched;
    }
    if (dispatched > 0) {
        log("pass: " + std::to_string(dispatched) + " of " + std::to_string(view.pending.size()) +
            " pending jobs dispatched in " + std::to_string(clock_.steady_ms() - began) + " ms");
    }
}

// The planner saw a snapshot; the applier checks the plan against what is true now, with the
// planner's own filters (Ledger::verify), counting this pass's earlier placements.
Status Scheduler::recheck(const Job& job, const Allocation& allocation,
                          const policy::Ledger& live) const {
    if (job.state != JobState::Pending) return make_error("the job is no longer pending");
    const policy::PendingJob* request = current_jobs().request(job.id);
    if (request == nullptr) return make_error("the job's request is no longer known");
    policy::PendingJob pending = *request;
    pending.abandoned_on = job.abandoned_on;
    return live.verify(policy::request_of(pending), allocation);
}

void Scheduler::commit_placement(const Job& job, Allocation allocation, policy::Ledger& live) {
    live.take(allocation);
    const JobId id = job.id;
    if (!record(events::Dispatched{id, std::move(allocation), clock_.wall_seconds()})) return;
    send_start(id);
}

// What the master node needs beyond the job: every node's host name for PE_HOSTFILE, and the
// chip and offsets of the GPIO lines the job holds there.
wire::StartJob Scheduler::start_message(const Job& job) const {
    wire::StartJob start{job, config_.queue};
    // The node enforces the walltime it is given: the one planned with, the queue's default
    // applied, not the h_rt the user wrote (none at all, for most jobs).
    const policy::PendingJob* request = jobs_.request(job.id);
    start.job.spec.walltime = request != nullptr && request->walltime > 0
                                  ? request->walltime
                                  : config_.queue_limits.default_walltime;
    start.hosts = job_host_names(job);
    start.execds = execd_addresses(job);
    const NodeGrant& master = job.allocation.grants.front();
    if (auto configured = config_.nodes.find(master.node);
        configured != config_.nodes.end() && !master.gpio.empty()) {
        const config::GpioConfig& gpio = configured->second.gpio;
        start.gpio_chip = gpio.chip;
        for (const auto& line : master.gpio) {
            if (auto offset = gpio.lines.find(line); offset != gpio.lines.end()) {
                start.gpio_lines[line] = offset->second;
            }
        }
    }
    return start;
}

// Once the dispatch is durable, the other nodes of a parallel job hear of their parts, and then
// the master node gets StartJob: its script may call qrsh -inherit at once, and the parts should be
// there first. A job deleted before the commit is not started.
void Scheduler::send_start(JobId id) {
    after_commit([this, id](bool committed) {
        const Job* job = jobs_.find(id);
        if (!committed || job == nullptr || job->state != JobState::Dispatched) return;
        send_job_parts(*job);
        nodes_.send(job->allocation.grants.front().node, start_message(*job));
    });
}

}  // namespace bramble::scheduler
