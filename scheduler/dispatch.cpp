// The scheduling pass: snapshot the live state, ask the pure planner for a plan, re-check each
// placement against live state, commit the dispatches in the turn's transaction, and only then
// send StartJob to each job's master node. One pass per batch of events.
#include <algorithm>
#include <string>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::run_pass() {
    pass_posted_ = false;
    // The pass plans on committed state only: with events of this turn still uncommitted it waits
    // for the flush, which posts it again.
    if (!dirty_ || resting_ || turn_.has_events()) return;
    dirty_ = false;
    const auto view = snapshot();
    auto plan = policy::plan(view, clock_.wall_seconds());
    // The last pass's notes go for every job this pass may speak of; a job whose request no longer
    // resolves keeps its reason (restart.cpp).
    for (const auto& [id, job] : jobs_) {
        if (job.state != JobState::Pending || !requests_.contains(id)) continue;
        reasons_.erase(id);
        reservations_.erase(id);
        priorities_.erase(id);
    }
    if (view.pending.empty()) return;
    const auto began = clock_.steady_ms();
    keep_plan_notes(plan);
    auto live = usage();
    std::size_t dispatched = 0;
    for (auto& placement : plan.placements) {
        const Job* job = turn_.job(placement.id);
        if (job == nullptr) continue;
        if (auto fits = recheck(*job, placement.allocation, live); !fits) {
            log("job " + job_id_text(placement.id) + ": placement refused: " + fits.message());
            reasons_[placement.id] = {placement.id, fits.message()};
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

// What qstat -j and qstat -pri show until the next pass: why each job waits, its reservation and
// the parts of its priority.
void Scheduler::keep_plan_notes(policy::Plan& plan) {
    for (auto& reason : plan.reasons)
        reasons_[reason.id] = std::move(reason);
    for (auto& reservation : plan.reservations)
        reservations_[reservation.id] = std::move(reservation);
    for (const auto& priority : plan.priorities)
        priorities_[priority.id] = priority;
}

// The planner saw a snapshot; the applier checks the plan against what is true now.
Status Scheduler::recheck(const Job& job, const Allocation& allocation,
                          const std::unordered_map<std::string, NodeUse>& live) const {
    if (job.state != JobState::Pending) return make_error("the job is no longer pending");
    if (allocation.empty()) return make_error("the plan gave it no node");
    const int most = std::max(job.spec.slots, job.spec.slots_max);
    if (allocation.slots() < job.spec.slots || allocation.slots() > most) {
        return make_error("the plan gave it " + std::to_string(allocation.slots()) +
                          " slots; it asks for " + std::to_string(job.spec.slots) +
                          (most > job.spec.slots ? "-" + std::to_string(most) : ""));
    }
    for (const auto& grant : allocation.grants) {
        auto node = nodes_.find(grant.node);
        auto use = live.find(grant.node);
        if (node == nodes_.end() || use == live.end() || !takes_jobs(grant.node)) {
            return make_error("node " + grant.node + " is not up, or rests after an error");
        }
        if (std::find(job.abandoned_on.begin(), job.abandoned_on.end(), grant.node) !=
            job.abandoned_on.end()) {
            return make_error("node " + grant.node + " may still run an earlier run of the job");
        }
        if (auto fits = still_free(grant, allocation.exclusive, use->second, node->first); !fits) {
            return fits;
        }
    }
    return ok_status();
}

// Whether `grant` still fits next to what `held` says running jobs hold on the node.
Status Scheduler::still_free(const NodeGrant& grant, bool exclusive, const NodeUse& held,
                             const std::string& name) const {
    if (held.exclusive || (exclusive && held.jobs > 0)) {
        return make_error("node " + name + " is no longer free for an exclusive job");
    }
    for (int core : grant.cores) {
        const auto index = static_cast<std::size_t>(core);
        if (core < 0 || index >= held.core_busy.size()) {
            return make_error("node " + name + " has no core " + std::to_string(core));
        }
        if (held.core_busy[index]) {
            return make_error("core " + std::to_string(core) + " of node " + name +
                              " is already in use");
        }
    }
    if (held.memory + grant.memory > nodes_.at(name).inventory.memory) {
        return make_error("node " + name + " has not enough memory left");
    }
    const auto configured = config_.nodes.find(name);
    for (const auto& [consumable, amount] : grant.consumables) {
        std::uint64_t capacity = 0;
        if (configured != config_.nodes.end()) {
            if (auto it = configured->second.consumables.find(consumable);
                it != configured->second.consumables.end()) {
                capacity = it->second;
            }
        }
        const auto taken = held.consumables.find(consumable);
        const std::uint64_t used = taken == held.consumables.end() ? 0 : taken->second;
        if (used + amount > capacity) {
            return make_error("node " + name + " has not enough " + consumable + " left");
        }
    }
    for (const auto& line : grant.gpio) {
        if (std::find(held.gpio.begin(), held.gpio.end(), line) != held.gpio.end()) {
            return make_error("GPIO line " + line + " on node " + name + " is already held");
        }
    }
    return ok_status();
}

void Scheduler::commit_placement(const Job& job, Allocation allocation,
                                 std::unordered_map<std::string, NodeUse>& live) {
    for (const auto& grant : allocation.grants)
        hold(live[grant.node], grant, allocation.exclusive);
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
    const auto request = requests_.find(job.id);
    start.job.spec.walltime = request != requests_.end() && request->second.walltime > 0
                                  ? request->second.walltime
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
        auto it = jobs_.find(id);
        if (!committed || it == jobs_.end() || it->second.state != JobState::Dispatched) return;
        send_job_parts(it->second);
        send_to_node(it->second.allocation.grants.front().node, start_message(it->second));
    });
}

}  // namespace bramble::scheduler
