// What the listings return: qstat's table (active jobs, filtered by owner and state letters),
// qstat -j's details (active jobs; finished ones are qacct's, accounting.cpp) and qhost's nodes.
// Listings are answered after the turn's commit, so nobody sees a job before it is durable.
#include <set>
#include <string>
#include <string_view>

#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

// qstat -s letters: p = pending (held and error included), r = running (dispatched and being
// deleted included), h = held, a = all of them. Letters for states bramble does not have (s, z)
// match nothing.
bool state_matches(JobState state, std::string_view letters) {
    if (letters.empty()) return true;
    for (char letter : letters) {
        switch (letter) {
            case 'p':
                if (state == JobState::Pending || state == JobState::Held ||
                    state == JobState::Error) {
                    return true;
                }
                break;
            case 'r':
                if (state == JobState::Running || state == JobState::Dispatched ||
                    state == JobState::Deleting) {
                    return true;
                }
                break;
            case 'h':
                if (state == JobState::Held) return true;
                break;
            case 'a':  // Grid Engine's "psr": every job qstat lists (bramble suspends none)
                return true;
            default:
                break;
        }
    }
    return false;
}

// No users: the caller's own jobs; "*": everybody's.
bool owner_matches(const Job& job, const Caller& caller, const std::vector<std::string>& users) {
    if (users.empty()) return job.owner.uid == caller.uid;
    for (const auto& user : users) {
        if (user == "*" || user == job.owner.user) return true;
    }
    return false;
}

// The part of a job a listing carries (see wire::JobRow): copying only these keeps a listing of
// 10,000 jobs from copying every script and environment.
wire::JobRow listing_row(const Job& job) {
    wire::JobRow row;
    row.id = job.id;
    row.name = job.spec.name;
    row.user = job.owner.user;
    row.uid = job.owner.uid;
    row.group = job.owner.group;
    row.gid = job.owner.gid;
    row.account = job.spec.account;
    // A job waiting for its -hold_jid jobs shows hqw, as in Grid Engine.
    row.state =
        job.state == JobState::Pending && !job.waiting_for.empty() ? JobState::Held : job.state;
    row.submit_time = job.submit_time;
    row.start_time = job.start_time;
    row.slots = job.spec.slots;
    row.pe = job.spec.pe;
    row.priority = job.spec.priority;
    row.grants = job.allocation.grants;
    if (job.spec.task_step > 0) row.task_step = job.spec.task_step;
    row.held = job.spec.hold;
    return row;
}

// What qstat -ext and -r show of a job's requests, added to its row only when asked for.
void add_requests(const Job& job, wire::JobRow& row) {
    const JobSpec& spec = job.spec;
    row.project = spec.project;
    for (const auto& [name, value] : spec.resources)
        row.hard_resources.push_back(name + "=" + value);
    // -q QUEUE@NODE keeps the queue and the node pattern apart; Grid Engine shows them as given.
    if (!spec.queue.empty() && spec.nodes.empty()) row.hard_queues.push_back(spec.queue);
    for (const auto& node : spec.nodes) {
        if (!spec.queue.empty()) row.hard_queues.push_back(spec.queue + "@" + node);
    }
    row.predecessors_requested = spec.hold_jids;
    row.predecessors = job.waiting_for;
}

// Grid Engine's prior column is in 0..1, where the pass's priority is a weighted sum of parts in
// 0..1: shown over the sum of the weights, it keeps its order and stays within 1.
double shown_priority_scale(const config::ClusterConfig& config) {
    const auto& share = config.fair_share;
    const double weights = share.weight_priority + share.weight_fair_share + share.weight_waiting;
    return weights > 0 ? 1.0 / weights : 0.0;
}

// What Grid Engine's qstat -j shows every user stays (the environment, the arguments, the paths);
// the script and the submission token are the owner's, a manager's and root's only.
void redact_for_others(Job& job) {
    job.spec.script.clear();
    job.token.clear();
}

}  // namespace

std::string Scheduler::enforcement_of(const Job& job) const {
    const bool on_node = job.state == JobState::Dispatched || job.state == JobState::Running ||
                         job.state == JobState::Deleting;
    if (!on_node) return "";
    std::string text;
    for (const NodeGrant& grant : job.allocation.grants) {
        const NodeRecord* node = nodes_.find(grant.node);
        const std::string how = node == nullptr || node->inventory.enforcement.empty()
                                    ? "unknown"
                                    : node->inventory.enforcement;
        text += (text.empty() ? "" : " ") + grant.node + "=" + how;
    }
    return text;
}

void Scheduler::list_jobs(const Caller& caller, const wire::ListJobsRequest& request,
                          const Reply& reply) {
    after_commit([this, caller, request, reply](bool) {
        wire::JobsReply out;
        out.jobs.reserve(jobs_.active().size());
        const double scale = shown_priority_scale(config_);
        for (const auto& [id, job] : jobs_.active()) {
            if (!is_active(job.state) || !owner_matches(job, caller, request.users) ||
                !state_matches(job.state, request.states)) {
                continue;
            }
            out.jobs.push_back(listing_row(job));
            if (request.requests) add_requests(job, out.jobs.back());
            // A running job keeps the priority it was started with, as Grid Engine shows it.
            const auto note = notes_.note(id);
            auto& row = out.jobs.back();
            row.score = note.priority * scale;
            row.priority_part = note.priority_part;
            row.fair_share_part = note.fair_share_part;
            row.waiting_part = note.waiting_part;
        }
        reply(std::move(out));
    });
}

void Scheduler::job_detail(const Caller& caller, const wire::JobDetailRequest& request,
                           const Reply& reply) {
    after_commit([this, caller, request, reply](bool) {
        auto out = details(request);
        const bool manager = caller.uid == 0 || is_manager(caller);
        for (Job& job : out.jobs) {
            if (!manager && job.owner.uid != caller.uid) redact_for_others(job);
        }
        reply(std::move(out));
    });
}

std::string Scheduler::pending_reason(const Job& job) const {
    if (job.state == JobState::Held) {
        return job.hold_reason.empty() ? "job is on hold" : job.hold_reason;
    }
    if (job.state == JobState::Pending && !job.waiting_for.empty()) return dependency_reason(job);
    if (job.state == JobState::Pending && notes_.reason(job.id) == nullptr &&
        is_array_task(job.id) && job.spec.max_running_tasks > 0) {
        return "array task limit -tc " + std::to_string(job.spec.max_running_tasks) + " reached";
    }
    if (job.state == JobState::Error) return job.error_reason;
    if (job.state != JobState::Pending) return "";
    const std::string* reason = notes_.reason(job.id);
    return reason == nullptr ? "" : *reason;
}

wire::JobDetailReply Scheduler::details(const wire::JobDetailRequest& request) {
    wire::JobDetailReply out;
    std::set<JobId> seen;
    auto add = [&](const Job& job) {
        if (!seen.insert(job.id).second) return;
        out.pending_reasons.push_back(pending_reason(job));
        out.notes.push_back(notes_.note(job.id));
        out.notes.back().priority *= shown_priority_scale(config_);
        out.notes.back().enforcement = enforcement_of(job);
        out.jobs.push_back(job);
    };
    // Active jobs only, as Grid Engine: a finished job has left qstat and lives in qacct, and
    // workflow tools read "Following jobs do not exist" (exit 1) as "no longer running".
    for (const auto& key : request.jobs) {
        bool found = false;
        if (auto ref = parse_job_ref(key)) {
            for (const JobId id : active_ids(*ref)) {
                add(jobs_.active().at(id));
                found = true;
            }
        } else {
            for (const auto& entry : jobs_.active()) {
                if (entry.second.spec.name != key) continue;
                add(entry.second);
                found = true;
            }
        }
        if (!found) out.missing.push_back(key);
    }
    return out;
}

void Scheduler::list_nodes(const Caller&, const Reply& reply) {
    after_commit([this, reply](bool) {
        wire::NodesReply out;
        out.queue = config_.queue;
        const policy::Ledger live = live_ledger(clock_.wall_seconds());
        for (const auto& [name, node] : nodes_.records()) {
            wire::NodeStatus status;
            status.inventory = node.inventory;
            status.load = node.load;
            status.up = node.up && node.link != nullptr;
            status.error = node.error;
            status.disabled = node.disabled;
            if (const auto at = live.find(name)) {
                const policy::NodeState& held = live.nodes()[*at];
                status.slots_used = held.cores - held.free_cores;
                status.memory_reserved = held.memory - held.memory_free;
            }
            out.nodes.push_back(std::move(status));
        }
        reply(std::move(out));
    });
}

}  // namespace bramble::scheduler
