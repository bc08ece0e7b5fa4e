// Which jobs a qdel, qhold, qrls or qalter names: ids, array tasks and task ranges ("42.3",
// "42.2-50:2"), names (the caller's own jobs unless the caller is a manager, as in Grid Engine)
// and -u users, with Grid Engine's words for keys that match nothing. Whether the caller may change
// each job is the action's own check.
#include <string>
#include <string_view>

#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

bool listed(const std::vector<std::string>& users, const std::string& user) {
    for (const auto& wanted : users) {
        if (wanted == "*" || wanted == user) return true;
    }
    return false;
}

std::string joined(const std::vector<std::string>& users) {
    std::string text;
    for (const auto& user : users)
        text += (text.empty() ? "" : ",") + user;
    return text;
}

// Grid Engine's words for a key that matches no job: a task and a task range are named apart.
std::string missing(const std::string& key) {
    if (const auto ref = parse_job_ref(key); ref && ref->task > 0) {
        return "job \"" + std::to_string(ref->id) + "\" task \"" + std::to_string(ref->task) +
               "\" does not exist";
    }
    if (const auto range = parse_task_range_ref(key)) {
        return "job \"" + std::to_string(range->id) + "\" task id range \"" +
               std::to_string(range->tasks.first) + "-" + std::to_string(range->tasks.last) + ":" +
               std::to_string(range->tasks.step) + "\" comprises no tasks";
    }
    return "denied: job \"" + key + "\" does not exist";
}

}  // namespace

std::optional<TaskRangeRef> parse_task_range_ref(const std::string& text) {
    const auto dot = text.find('.');
    if (dot == std::string::npos || text.find('-', dot) == std::string::npos) return std::nullopt;
    const auto id = parse_job_ref(text.substr(0, dot));
    const auto tasks = parse_task_range(std::string_view(text).substr(dot + 1), kMaxTaskNumber);
    if (!id || !tasks) return std::nullopt;
    return TaskRangeRef{id->id, *tasks};
}

std::vector<JobId> Scheduler::select(const Caller& caller, const std::string& key,
                                     const std::vector<std::string>& users) const {
    std::vector<JobId> targets;
    auto wanted = [&](const Job& job) { return users.empty() || listed(users, job.owner.user); };
    if (auto ref = parse_job_ref(key)) {
        for (const JobId id : active_ids(*ref)) {
            if (wanted(jobs_.active().at(id))) targets.push_back(id);
        }
        return targets;
    }
    if (const auto range = parse_task_range_ref(key)) {
        const auto& jobs = jobs_.active();
        const JobId last = task_job_id(range->id, range->tasks.last);
        for (auto it = jobs.lower_bound(task_job_id(range->id, range->tasks.first));
             it != jobs.end() && it->first <= last; ++it) {
            if (range->tasks.contains(task_number(it->first)) && wanted(it->second)) {
                targets.push_back(it->first);
            }
        }
        return targets;
    }
    const bool manager = is_manager(caller);
    for (const auto& [id, job] : jobs_.active()) {
        if (job.spec.name == key && wanted(job) && (manager || job.owner.uid == caller.uid)) {
            targets.push_back(id);
        }
    }
    return targets;
}

void Scheduler::each_target(const Caller& caller, const std::vector<std::string>& keys,
                            const std::vector<std::string>& users, wire::DeleteReply& out,
                            const std::function<void(const Job&)>& act) {
    // Each job as this turn has left it so far (a job named twice is acted on as it now is).
    auto act_on = [&](const std::vector<JobId>& targets) {
        for (JobId id : targets) {
            if (const Job* job = turn_.job(id)) act(*job);
        }
    };
    for (const auto& key : keys) {
        const auto targets = select(caller, key, users);
        if (targets.empty()) {
            out.lines.push_back(users.empty() ? missing(key)
                                              : "The job " + key + " of user(s) " + joined(users) +
                                                    " does not exist");
            out.failed = true;
        }
        act_on(targets);
    }
    if (!keys.empty() || users.empty()) return;
    std::vector<JobId> targets;
    for (const auto& [id, job] : jobs_.active()) {
        if (listed(users, job.owner.user)) targets.push_back(id);
    }
    if (targets.empty()) {
        out.lines.push_back("There are no jobs registered for user(s) \"" + joined(users) + "\"");
    }
    act_on(targets);
}

bool Scheduler::may_change(const Caller& caller, const Job& job, wire::DeleteReply& out) const {
    if (job.owner.uid == caller.uid || is_manager(caller)) return true;
    const std::string who = caller.user.empty() ? std::to_string(caller.uid) : caller.user;
    out.lines.push_back("denied: \"" + who + "\" is not the owner of job " + job_id_text(job.id));
    out.failed = true;
    return false;
}

}  // namespace bramble::scheduler
