// Start-up from the spool: every node that ever registered (down until its execd registers again)
// and every active job. Jobs on nodes keep their allocations, so their cores stay reserved; jobs
// that wait are planned as soon as nodes are up. Restarting the scheduler loses nothing.
#include <string>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

Status Scheduler::restore() {
    auto nodes = spool_->load_nodes();
    if (!nodes) return make_error("cannot load the nodes from the spool: " + nodes.message());
    for (auto& inventory : *nodes) {
        auto& node = nodes_[inventory.name];
        node.inventory = std::move(inventory);
        node.up = false;
    }
    auto jobs = spool_->load_active_jobs();
    if (!jobs) return make_error("cannot load the jobs from the spool: " + jobs.message());
    std::size_t waiting = 0;
    std::size_t on_nodes = 0;
    for (auto& job : *jobs) {
        if (job.state == JobState::Pending) ++waiting;
        if (!job.allocation.empty()) ++on_nodes;
        if (!job.token.empty()) tokens_[job.token] = job.id;
        const JobId id = job.id;
        jobs_.emplace(id, std::move(job));
    }
    if (waiting > 0) mark_dirty();
    log("restored " + std::to_string(jobs_.size()) + " active jobs (" + std::to_string(waiting) +
        " waiting, " + std::to_string(on_nodes) + " holding nodes) and " +
        std::to_string(nodes_.size()) + " nodes, down until their execd registers");
    return ok_status();
}

}  // namespace bramble::scheduler
