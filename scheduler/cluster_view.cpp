// The scheduler's live state as the planner sees it: what running jobs hold on each node, the
// nodes with their configured labels, consumables and GPIO lines, the pending and running jobs
// with their resolved requests, each user's past usage and the policy's knobs.
#include <algorithm>

#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

bool holds_resources(JobState state) {
    return state == JobState::Dispatched || state == JobState::Running ||
           state == JobState::Deleting;
}

}  // namespace

void hold(NodeUse& use, const NodeGrant& grant, bool exclusive) {
    for (int core : grant.cores) {
        if (core >= 0 && static_cast<std::size_t>(core) < use.core_busy.size()) {
            use.core_busy[static_cast<std::size_t>(core)] = true;
        }
    }
    use.memory += grant.memory;
    use.slots += grant.slots();
    for (const auto& [name, amount] : grant.consumables)
        use.consumables[name] += amount;
    use.gpio.insert(use.gpio.end(), grant.gpio.begin(), grant.gpio.end());
    ++use.jobs;
    use.exclusive = use.exclusive || exclusive;
}

// What jobs that are dispatched, running or being deleted hold on each node.
std::unordered_map<std::string, NodeUse> Scheduler::usage() const {
    std::unordered_map<std::string, NodeUse> use;
    for (const auto& [name, node] : nodes_) {
        use[name].core_busy.assign(static_cast<std::size_t>(std::max(0, node.inventory.cores)),
                                   false);
    }
    for (const auto& [id, job] : jobs_) {
        if (!holds_resources(job.state)) continue;
        for (const auto& grant : job.allocation.grants)
            hold(use[grant.node], grant, job.allocation.exclusive);
    }
    return use;
}

// The node as it is with nothing running on it: its inventory and what the config gives it.
policy::NodeView Scheduler::node_view(const std::string& name, const NodeRecord& node) const {
    policy::NodeView view;
    view.name = name;
    view.up = takes_jobs(name);
    view.cores = node.inventory.cores;
    view.core_busy.assign(static_cast<std::size_t>(std::max(0, node.inventory.cores)), false);
    view.memory = node.inventory.memory;
    view.memory_free = node.inventory.memory;
    if (auto it = config_.nodes.find(name); it != config_.nodes.end()) {
        view.labels = it->second.labels;
        view.consumables = it->second.consumables;
        view.consumables_free = it->second.consumables;
        for (const auto& [line, offset] : it->second.gpio.lines)
            view.gpio.push_back(line);
    }
    return view;
}

std::vector<policy::NodeView> Scheduler::empty_node_views() const {
    std::vector<policy::NodeView> views;
    for (const auto& [name, node] : nodes_) {
        if (node.inventory.cores <= 0) continue;
        auto view = node_view(name, node);
        view.up = true;
        views.push_back(std::move(view));
    }
    return views;
}

policy::PolicyConfig Scheduler::policy_config() const {
    policy::PolicyConfig policy;
    const auto& share = config_.fair_share;
    policy.weight_priority = share.weight_priority;
    policy.weight_fair_share = share.weight_fair_share;
    policy.weight_waiting = share.weight_waiting;
    policy.waiting_scale = share.waiting_scale;
    for (const auto& [user, limit] : config_.user_limits) {
        const policy::UserLimit converted{limit.max_running_jobs, limit.max_slots};
        if (user == "*") {
            policy.default_user_limit = converted;
        } else {
            policy.user_limits[user] = converted;
        }
    }
    policy.backfill = config_.backfill;
    return policy;
}

policy::Snapshot Scheduler::snapshot() const {
    policy::Snapshot view;
    const auto use = usage();
    for (const auto& [name, node] : nodes_) {
        if (node.inventory.cores <= 0) continue;
        policy::NodeView nodeview = node_view(name, node);
        if (auto it = use.find(name); it != use.end()) {
            const NodeUse& held = it->second;
            nodeview.core_busy = held.core_busy;
            nodeview.memory_free = nodeview.memory - std::min(nodeview.memory, held.memory);
            for (auto& [consumable, free] : nodeview.consumables_free) {
                const auto taken = held.consumables.find(consumable);
                if (taken != held.consumables.end()) free -= std::min(free, taken->second);
            }
            nodeview.gpio_busy = held.gpio;
            nodeview.running_jobs = held.jobs;
            nodeview.exclusive = held.exclusive;
        }
        view.nodes.push_back(std::move(nodeview));
    }
    const std::int64_t now = clock_.wall_seconds();
    // -tc: an array offers the planner only as many tasks as may still start.
    std::unordered_map<JobId, int> task_room;
    for (const auto& [id, job] : jobs_) {
        if (is_array_task(id) && job.spec.max_running_tasks > 0 && holds_resources(job.state)) {
            ++task_room[visible_job_id(id)];
        }
    }
    for (const auto& [id, job] : jobs_) {
        const auto request = requests_.find(id);
        if (request == requests_.end()) continue;
        if (job.state == JobState::Pending) {
            if (!job.waiting_for.empty()) continue;  // -hold_jid: not yet
            if (is_array_task(id) && job.spec.max_running_tasks > 0 &&
                task_room[visible_job_id(id)]++ >= job.spec.max_running_tasks) {
                continue;
            }
            view.pending.push_back(request->second);
            view.pending.back().abandoned_on = job.abandoned_on;
        } else if (holds_resources(job.state)) {
            view.running.push_back({id, job.owner.user, job.allocation, job.start_time,
                                    job.start_time + request->second.walltime});
        }
    }
    view.usage = decayed_usage(now);
    view.policy = policy_config();
    return view;
}

}  // namespace bramble::scheduler
