// The scheduler's live state as the planner sees it: the ledger of the nodes (with their
// configured labels, consumables and GPIO lines), what running jobs hold of them and each user's
// usage; the pending and running jobs with their resolved requests; and the policy's knobs.
#include <algorithm>

#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

bool holds_resources(JobState state) {
    return state == JobState::Dispatched || state == JobState::Running ||
           state == JobState::Deleting;
}

}  // namespace

// What every node has, what jobs that are dispatched, running or being deleted hold of it, and each
// user's usage as of `now`: the stored usage (charged when jobs end) plus the slot-seconds the
// user's started jobs have used so far, so a long job counts before it ends.
policy::Ledger Scheduler::ledger(std::int64_t now) const {
    std::vector<policy::NodeView> views;
    views.reserve(nodes_.records().size());
    for (const auto& [name, node] : nodes_.records())
        views.push_back(node_view(name, node));
    policy::Ledger ledger(std::move(views), config_.fair_share.half_life);
    each_current_job([&](const Job& job) {
        if (holds_resources(job.state)) ledger.take(job.allocation);
    });
    for (const auto& [user, record] : past_usage_) {
        const auto charged = charged_.find(user);  // what this turn's ends added
        const store::UsageRecord& usage = charged == charged_.end() ? record : charged->second;
        ledger.accrue(user, usage.value, usage.as_of);
    }
    for (const auto& [user, record] : charged_) {
        if (!past_usage_.contains(user)) ledger.accrue(user, record.value, record.as_of);
    }
    each_current_job([&](const Job& job) {
        if (job.allocation.empty() || job.start_time <= 0) return;
        ledger.accrue(job.owner.user,
                      static_cast<double>(job.allocation.slots()) *
                          static_cast<double>(std::max<std::int64_t>(0, now - job.start_time)),
                      now);
    });
    return ledger;
}

// The node as it is with nothing running on it: its inventory and what the config gives it.
policy::NodeView Scheduler::node_view(const std::string& name, const NodeRecord& node) const {
    policy::NodeView view;
    view.name = name;
    view.up = nodes_.takes_jobs(name);
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
    for (const auto& [name, node] : nodes_.records()) {
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
    const std::int64_t now = clock_.wall_seconds();
    const policy::Ledger live = ledger(now);
    for (auto& node : live.snapshot()) {
        if (node.cores > 0) view.nodes.push_back(std::move(node));
    }
    // -tc: an array offers the planner only as many tasks as may still start.
    std::unordered_map<JobId, int> task_room;
    each_current_job([&](const Job& job) {
        if (is_array_task(job.id) && job.spec.max_running_tasks > 0 && holds_resources(job.state)) {
            ++task_room[visible_job_id(job.id)];
        }
    });
    each_current_job([&](const Job& job) {
        const JobId id = job.id;
        const policy::PendingJob* request = current_request(id);
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
    view.policy = policy_config();
    return view;
}

}  // namespace bramble::scheduler
