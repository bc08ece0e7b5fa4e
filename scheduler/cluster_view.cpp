#include "cluster_view.hpp"

#include <algorithm>
#include <unordered_map>

#include "model/task_id.hpp"

namespace bramble::scheduler {
namespace {

bool holds_resources(JobState state) {
    return state == JobState::Dispatched || state == JobState::Running ||
           state == JobState::Deleting;
}

// The node as it is with nothing running on it: its inventory and what the config gives it.
policy::NodeView node_view(const config::ClusterConfig& config, const NodeBook& nodes,
                           const std::string& name, const NodeRecord& node) {
    policy::NodeView view;
    view.name = name;
    view.up = nodes.takes_jobs(name);
    if (!nodes.is_up(name)) {
        view.unavailable = policy::Unavailable::Down;
    } else if (!node.error.empty()) {
        view.unavailable = policy::Unavailable::InError;
    } else if (node.disabled) {
        view.unavailable = policy::Unavailable::Disabled;
    }
    view.cores = node.inventory.cores;
    view.core_busy.assign(static_cast<std::size_t>(std::max(0, node.inventory.cores)), false);
    view.memory = node.inventory.memory;
    view.memory_free = node.inventory.memory;
    if (auto it = config.nodes.find(name); it != config.nodes.end()) {
        view.labels = it->second.labels;
        view.consumables = it->second.consumables;
        view.consumables_free = it->second.consumables;
        for (const auto& [line, offset] : it->second.gpio.lines)
            view.gpio.push_back(line);
    }
    return view;
}

}  // namespace

// A user's usage is the stored usage (charged when jobs end, this turn's ends included) plus the
// slot-seconds the user's started jobs have used so far, so a long job counts before it ends.
policy::Ledger live_ledger(const LiveState& state, std::int64_t now) {
    std::vector<policy::NodeView> views;
    views.reserve(state.nodes.records().size());
    for (const auto& [name, node] : state.nodes.records())
        views.push_back(node_view(state.config, state.nodes, name, node));
    policy::Ledger ledger(std::move(views), state.config.fair_share.half_life);
    state.jobs.each([&](const Job& job) {
        if (holds_resources(job.state)) ledger.take(job.allocation);
    });
    state.usage.each([&](const store::UsageRecord& usage) {
        ledger.accrue(usage.user, usage.value, usage.as_of);
    });
    state.jobs.each([&](const Job& job) {
        if (job.allocation.empty() || job.start_time <= 0) return;
        ledger.accrue(job.owner.user,
                      static_cast<double>(job.allocation.slots()) *
                          static_cast<double>(std::max<std::int64_t>(0, now - job.start_time)),
                      now);
    });
    return ledger;
}

std::vector<policy::NodeView> empty_node_views(const config::ClusterConfig& config,
                                               const NodeBook& nodes) {
    std::vector<policy::NodeView> views;
    for (const auto& [name, node] : nodes.records()) {
        if (node.inventory.cores <= 0) continue;
        auto view = node_view(config, nodes, name, node);
        view.up = true;
        views.push_back(std::move(view));
    }
    return views;
}

policy::PolicyConfig policy_config(const config::ClusterConfig& config) {
    policy::PolicyConfig policy;
    const auto& share = config.fair_share;
    policy.weight_priority = share.weight_priority;
    policy.weight_fair_share = share.weight_fair_share;
    policy.weight_waiting = share.weight_waiting;
    policy.waiting_scale = share.waiting_scale;
    for (const auto& [user, limit] : config.user_limits) {
        const policy::UserLimit converted{limit.max_running_jobs, limit.max_slots};
        if (user == "*") {
            policy.default_user_limit = converted;
        } else {
            policy.user_limits[user] = converted;
        }
    }
    policy.backfill = config.backfill;
    return policy;
}

policy::Snapshot planning_snapshot(const LiveState& state, std::int64_t now) {
    policy::Snapshot view;
    const policy::Ledger live = live_ledger(state, now);
    for (auto& node : live.snapshot()) {
        if (node.cores > 0) view.nodes.push_back(std::move(node));
    }
    // -tc: an array offers the planner only as many tasks as may still start.
    std::unordered_map<JobId, int> task_room;
    state.jobs.each([&](const Job& job) {
        if (is_array_task(job.id) && job.spec.max_running_tasks > 0 && holds_resources(job.state)) {
            ++task_room[visible_job_id(job.id)];
        }
    });
    state.jobs.each([&](const Job& job) {
        const JobId id = job.id;
        const policy::PendingJob* request = state.jobs.request(id);
        if (request == nullptr) return;
        if (job.state == JobState::Pending) {
            if (!job.waiting_for.empty()) return;  // -hold_jid: not yet
            if (is_array_task(id) && job.spec.max_running_tasks > 0 &&
                task_room[visible_job_id(id)]++ >= job.spec.max_running_tasks) {
                return;
            }
            view.pending.push_back(*request);
            view.pending.back().abandoned_on = job.abandoned_on;
        } else if (holds_resources(job.state)) {
            view.running.push_back({id, job.owner.user, job.allocation, job.start_time,
                                    job.start_time + request->walltime});
        }
    });
    view.usage = live.usage(now);
    view.policy = policy_config(state.config);
    return view;
}

}  // namespace bramble::scheduler
