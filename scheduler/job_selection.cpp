// Which jobs a qdel, qhold, qrls or qalter names: ids, names (the caller's own jobs unless the
// caller is a manager, as in Grid Engine) and -u users, with Grid Engine's words for names that
// match nothing. Whether the caller may change each job is the action's own check.
#include <string>

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

}  // namespace

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
            out.lines.push_back(users.empty() ? "denied: job \"" + key + "\" does not exist"
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
