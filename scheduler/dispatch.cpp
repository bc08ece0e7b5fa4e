// The scheduling pass: snapshot the live state, ask the pure planner for a plan, re-check each
// placement against live state, commit the dispatches in the turn's transaction, and only then
// send StartJob to each job's master node. One pass per batch of events.
#include <string>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::run_pass() {
    pass_posted_ = false;
    if (!dirty_) return;
    dirty_ = false;
    const auto view = snapshot();
    reasons_.clear();
    if (view.pending.empty()) return;
    const auto began = clock_.steady_ms();
    auto plan = policy::plan(view, clock_.wall_seconds());
    for (auto& reason : plan.reasons)
        reasons_[reason.id] = std::move(reason.reason);
    auto live = usage();
    std::size_t dispatched = 0;
    for (auto& placement : plan.placements) {
        auto it = jobs_.find(placement.id);
        if (it == jobs_.end()) continue;
        if (auto fits = recheck(it->second, placement.allocation, live); !fits) {
            log("job " + std::to_string(placement.id) + ": placement refused: " + fits.message());
            reasons_[placement.id] = fits.message();
            continue;
        }
        commit_placement(it->second, std::move(placement.allocation), live);
        ++dispatched;
    }
    if (dispatched > 0) {
        log("pass: " + std::to_string(dispatched) + " of " + std::to_string(view.pending.size()) +
            " pending jobs dispatched in " + std::to_string(clock_.steady_ms() - began) + " ms");
    }
}

policy::Snapshot Scheduler::snapshot() const {
    policy::Snapshot view;
    const auto use = usage();
    for (const auto& [name, node] : nodes_) {
        if (node.inventory.cores <= 0) continue;
        policy::NodeView nodeview;
        nodeview.name = name;
        nodeview.up = node_is_up(name);
        nodeview.cores = node.inventory.cores;
        nodeview.memory = node.inventory.memory;
        nodeview.memory_free = node.inventory.memory;
        nodeview.core_busy.assign(static_cast<std::size_t>(node.inventory.cores), false);
        if (auto it = use.find(name); it != use.end()) {
            nodeview.core_busy = it->second.core_busy;
            nodeview.memory_free = it->second.memory < node.inventory.memory
                                       ? node.inventory.memory - it->second.memory
                                       : 0;
        }
        view.nodes.push_back(std::move(nodeview));
    }
    for (const auto& [id, job] : jobs_) {
        if (job.state == JobState::Pending) view.pending.push_back(pending_view(job));
    }
    return view;
}

// The planner saw a snapshot; the applier checks the plan against what is true now.
Status Scheduler::recheck(const Job& job, const Allocation& allocation,
                          const std::unordered_map<std::string, NodeUse>& live) const {
    if (job.state != JobState::Pending) return make_error("the job is no longer pending");
    if (allocation.empty()) return make_error("the plan gave it no node");
    if (allocation.slots() != job.spec.slots) {
        return make_error("the plan gave it " + std::to_string(allocation.slots()) +
                          " slots; it asks for " + std::to_string(job.spec.slots));
    }
    for (const auto& grant : allocation.grants) {
        auto node = nodes_.find(grant.node);
        auto use = live.find(grant.node);
        if (node == nodes_.end() || use == live.end() || !node_is_up(grant.node)) {
            return make_error("node " + grant.node + " is not up");
        }
        auto busy = use->second.core_busy;
        for (int core : grant.cores) {
            if (core < 0 || static_cast<std::size_t>(core) >= busy.size()) {
                return make_error("node " + grant.node + " has no core " + std::to_string(core));
            }
            if (busy[static_cast<std::size_t>(core)]) {
                return make_error("core " + std::to_string(core) + " of node " + grant.node +
                                  " is already in use");
            }
            busy[static_cast<std::size_t>(core)] = true;
        }
        if (use->second.memory + grant.memory > node->second.inventory.memory) {
            return make_error("node " + grant.node + " has not enough memory left");
        }
    }
    return ok_status();
}

void Scheduler::commit_placement(Job& job, Allocation allocation,
                                 std::unordered_map<std::string, NodeUse>& live) {
    if (!transition(job, JobEvent::Dispatch)) return;
    std::string where;
    for (const auto& grant : allocation.grants) {
        auto& use = live[grant.node];
        for (int core : grant.cores)
            use.core_busy[static_cast<std::size_t>(core)] = true;
        use.memory += grant.memory;
        use.slots += grant.slots();
        where += (where.empty() ? "" : ", ") + grant.node + " (" + std::to_string(grant.slots()) +
                 (grant.slots() == 1 ? " slot)" : " slots)");
    }
    job.allocation = std::move(allocation);
    job.start_time = clock_.wall_seconds();
    save(job, "dispatched to " + where);
    send_start(job.id);
}

// StartJob goes to the master node once the dispatch is durable; this milestone starts only the
// master's part. A job deleted before the commit is not started.
void Scheduler::send_start(JobId id) {
    after_commit([this, id](bool committed) {
        auto it = jobs_.find(id);
        if (!committed || it == jobs_.end() || it->second.state != JobState::Dispatched) return;
        send_to_node(it->second.allocation.grants.front().node,
                     wire::StartJob{it->second, config_.queue});
    });
}

}  // namespace bramble::scheduler
