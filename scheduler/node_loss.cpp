// A node that stays down is lost, and its jobs do not wait for an operator: after
// node_lost_seconds each job with a share of the node is requeued when it may run again (-r y, or
// the queue's rerun; a job the node never confirmed starting always may) and failed otherwise, and
// its parts on other nodes are killed. The node may still be running the job, cut off rather than
// dead: the job remembers it (Job::abandoned_on), is not placed there again, and when the node
// returns, what it still runs of the job is killed and its report of that run is not taken for
// the job's current run.
#include <algorithm>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

bool holds_share_of(const Job& job, const std::string& node) {
    return std::any_of(job.allocation.grants.begin(), job.allocation.grants.end(),
                       [&](const NodeGrant& grant) { return grant.node == node; });
}

}  // namespace

void Scheduler::went_down(NodeRecord& node) {
    if (node.down_since_ms == 0) node.down_since_ms = clock_.steady_ms();
}

void Scheduler::lose_nodes() {
    const std::int64_t grace_ms = 1000LL * config_.node_lost_seconds;
    const std::int64_t now = clock_.steady_ms();
    for (auto& [name, node] : nodes_.records()) {
        if (!node.up && !node.lost && node.down_since_ms > 0 &&
            now - node.down_since_ms >= grace_ms) {
            lose_node(node);
        }
    }
}

void Scheduler::lose_node(NodeRecord& node) {
    node.lost = true;
    const std::string name = node.inventory.name;
    std::vector<JobId> affected;
    for (const auto& [id, job] : jobs_.active()) {
        if (holds_share_of(job, name)) affected.push_back(id);
    }
    log("node " + name + " is lost: down for more than " +
        std::to_string(config_.node_lost_seconds) + " s; giving up its " +
        std::to_string(affected.size()) + " job(s)");
    for (const JobId id : affected) {
        if (const Job* job = turn_.job(id)) give_up(*job, name);
    }
}

void Scheduler::give_up(const Job& job, const std::string& node) {
    const std::string lost = "node " + node + " was lost (down for more than " +
                             std::to_string(config_.node_lost_seconds) + " s)";
    const JobId id = job.id;
    switch (job.state) {
        case JobState::Dispatched:
            // Never confirmed: it may not have started at all, so it goes elsewhere whatever -r
            // says.
            send_kill(job, "job " + job_id_text(id) + " is requeued: " + lost);
            (void)record(
                events::Requeued{id, lost + " before the job was confirmed started", node, false});
            return;
        case JobState::Running:
            send_kill(job, rerunnable(job) ? "job " + job_id_text(id) + " is requeued: " + lost
                                           : "job " + job_id_text(id) + " failed: " + lost);
            if (rerunnable(job)) {
                (void)record(events::Requeued{id, lost, node, false});
            } else {
                finish_now(job, lost + " while the job ran; it is not rerunnable (qsub -r y)");
            }
            return;
        case JobState::Deleting:
            send_kill(job, "deleted by " + job.deleted_by);
            (void)record(events::Requeued{id, "deleted: " + lost, node, false});
            return;
        default:
            return;
    }
}

bool Scheduler::rerunnable(const Job& job) const {
    if (job.spec.rerun.empty()) return config_.queue_limits.rerun;
    return job.spec.rerun == "y";
}

// A report from `node` of a run given up when the node was lost: that run is over (or was never
// there), so the node is a place for the job again.
bool Scheduler::forget_abandoned_run(const Job& job, const std::string& node) {
    if (std::find(job.abandoned_on.begin(), job.abandoned_on.end(), node) ==
        job.abandoned_on.end()) {
        return false;
    }
    (void)record(events::RunForgotten{job.id, node});
    mark_dirty();
    return true;
}

// A node that returns: what it still runs of jobs given up there is killed (its end, reported
// later, clears the mark); jobs it no longer runs are free to go there again.
void Scheduler::settle_abandoned_runs(const std::string& node, const std::set<JobId>& listed) {
    for (const auto& entry : jobs_.active()) {
        const JobId id = entry.first;
        const Job* staged = turn_.job(id);
        if (staged == nullptr || std::find(staged->abandoned_on.begin(), staged->abandoned_on.end(),
                                           node) == staged->abandoned_on.end()) {
            continue;
        }
        const Job& job = *staged;
        if (listed.count(id) > 0) {
            log("node " + node + " still runs job " + job_id_text(id) +
                ", given up when the node was lost; killing that run");
            after_commit([this, node, job_id = id](bool) {
                nodes_.send(node,
                            wire::KillJob{job_id, "this run of job " + job_id_text(job_id) +
                                                      " was given up when the node was lost"});
            });
        } else {
            forget_abandoned_run(job, node);
        }
    }
}

}  // namespace bramble::scheduler
