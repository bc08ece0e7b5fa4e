// Start-up from the spool: every node that ever registered (down until its execd registers again)
// and every active job. Jobs on nodes keep their allocations, so their cores stay reserved; jobs
// that wait are planned as soon as nodes are up. Restarting the scheduler loses nothing.
#include <string>

#include "log.hpp"
#include "requests.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

// The config may have changed since the job was submitted (a restart, a reload on SIGHUP): a job
// whose request no longer resolves stays queued, never planned, with the reason in qstat -j, until
// someone deletes it or the config offers what it asks for again.
void Scheduler::replan(const Job& job) {
    auto request = resolve_request(job.spec, config_);
    if (!request) {
        log("job " + job_id_text(job.id) +
            " cannot be planned under this config: " + request.message());
        notes_.set_reason(
            job.id, "cannot be planned under the current cluster config: " + request.message());
        if (job.allocation.empty()) return jobs_.drop_request(job.id);
        request = policy::PendingJob{};  // on a node already: only its walltime matters now
        request->walltime =
            job.spec.walltime > 0 ? job.spec.walltime : config_.queue_limits.default_walltime;
    }
    request->id = job.id;
    request->user = job.owner.user;
    request->submit_time = job.submit_time;
    jobs_.set_request(job.id, std::move(*request));
}

Status Scheduler::restore() {
    auto nodes = spool_->load_nodes();
    if (!nodes) return make_error("cannot load the nodes from the spool: " + nodes.message());
    for (auto& inventory : *nodes) {
        auto& node = nodes_.record(inventory.name);
        node.inventory = std::move(inventory);
        node.up = false;
        node.down_since_ms = clock_.steady_ms();  // node_lost_seconds counts from the start
    }
    auto disabled = spool_->load_disabled_nodes();
    if (!disabled)
        return make_error("cannot load the disabled nodes from the spool: " + disabled.message());
    for (const auto& name : *disabled) {
        if (NodeRecord* node = nodes_.find(name)) node->disabled = true;
    }
    // The jobs as they were submitted, with what happened to them since replayed by the same
    // events::apply that changed them while the scheduler ran.
    auto replayed = spool_->replay_active_jobs();
    if (!replayed) return make_error("cannot load the jobs from the spool: " + replayed.message());
    for (const auto& refused : replayed->refused)
        log("spool: a stored event did not apply on replay: " + refused);
    if (auto spent = spool_->end_arrays(replayed->spent_arrays); !spent)
        log("spool: " + spent.message() + "; the next start reads those arrays again");
    jobs_.restore(std::move(replayed->jobs));
    std::size_t waiting = 0;
    std::size_t on_nodes = 0;
    for (const auto& [id, job] : jobs_.active()) {
        if (job.state == JobState::Pending) ++waiting;
        if (!job.allocation.empty()) ++on_nodes;
        replan(job);
    }
    for (const auto& [id, job] : jobs_.active())
        track_dependencies(job);
    if (auto usage = usage_.restore(*spool_); !usage) return usage;
    catch_up_accounting();
    if (waiting > 0) mark_dirty();
    log("restored " + std::to_string(jobs_.active().size()) + " active jobs (" +
        std::to_string(waiting) + " waiting, " + std::to_string(on_nodes) + " holding nodes; " +
        std::to_string(replayed->events) + " events replayed) and " +
        std::to_string(nodes_.records().size()) + " nodes, down until their execd registers");
    return ok_status();
}

}  // namespace bramble::scheduler
