// -hold_jid: a job waits until every job it names has finished well. Names are resolved to ids at
// submission (a name means the caller's active jobs of that name, as in Grid Engine); a job that
// ends badly (non-zero exit, failure, deletion) holds its dependents with the reason, so that
// nothing runs on the output of a failed step until somebody decides (qrls, qdel).
#include <algorithm>
#include <string>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

// Why a finished job does not count as done well, or nothing when it does.
std::optional<std::string> failure_of(const Job& job) {
    if (job.deleted) return "was deleted";
    if (job.state == JobState::Deleted) return "was deleted";
    if (job.exit.failed != 0) return "failed: " + job.exit.failure;
    if (job.exit.exit_status != 0)
        return "failed (exit " + std::to_string(job.exit.exit_status) + ")";
    return std::nullopt;
}

std::string id_list(const std::vector<JobId>& ids) {
    std::string text;
    for (const JobId id : ids)
        text += (text.empty() ? "" : ", ") + job_id_text(id);
    return text;
}

}  // namespace

Result<std::vector<JobId>> Scheduler::resolve_dependencies(const Caller& caller,
                                                           const JobSpec& spec) const {
    std::vector<JobId> ids;
    for (const auto& key : spec.hold_jids) {
        if (auto ref = parse_job_ref(key)) {
            const auto active = active_ids(*ref);
            if (active.empty() && !known_to_spool(*ref)) {
                return make_error("-hold_jid " + key + ": job " + key + " does not exist");
            }
            // An array job is waited for task by task; finished tasks are not waited for.
            if (active.empty() && ref->task == 0) ids.push_back(ref->id);
            ids.insert(ids.end(), active.begin(), active.end());
            continue;
        }
        // A name waits for the caller's active jobs of that name; none is no wait.
        for (const auto& [id, job] : jobs_.active()) {
            if (job.spec.name == key && job.owner.uid == caller.uid) ids.push_back(id);
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

bool Scheduler::known_to_spool(const JobRef& ref) const {
    const JobId first = ref.task > 0 ? task_job_id(ref.id, ref.task) : ref.id;
    if (auto stored = spool_->load_job(first); stored && stored->has_value()) return true;
    if (ref.task > 0) return false;
    auto tasks =
        spool_->load_jobs_between(task_job_id(ref.id, 1), task_job_id(ref.id, kMaxTaskNumber));
    return tasks && !tasks->empty();
}

// -hold_jid_ad: the array jobs whose task i each task i of this one waits for. Each must be an
// array job still queued or running.
Result<std::vector<JobId>> Scheduler::resolve_task_dependencies(const Caller& caller,
                                                                const JobSpec& spec) const {
    std::vector<JobId> arrays;
    for (const auto& key : spec.hold_jids_by_task) {
        std::vector<JobId> tasks;
        if (auto ref = parse_job_ref(key)) {
            tasks = active_ids({ref->id, 0});
        } else {
            for (const auto& [id, job] : jobs_.active()) {
                if (job.spec.name == key && job.owner.uid == caller.uid) tasks.push_back(id);
            }
        }
        for (const JobId id : tasks) {
            if (!is_array_task(id)) {
                return make_error("-hold_jid_ad " + key + ": job " + std::to_string(id) +
                                  " is not an array job");
            }
            arrays.push_back(visible_job_id(id));
        }
    }
    std::sort(arrays.begin(), arrays.end());
    arrays.erase(std::unique(arrays.begin(), arrays.end()), arrays.end());
    if (spec.task_first == 0 && !arrays.empty()) {
        return make_error("-hold_jid_ad needs an array job (-t)");
    }
    return arrays;
}

// Called once a new, altered or restored job is applied: registers it with the predecessors still
// active and settles at once those that have already finished.
void Scheduler::track_dependencies(const Job& job) {
    for (const JobId predecessor : job.waiting_for) {
        if (jobs_.active().contains(predecessor)) {
            auto& waiting = dependents_[predecessor];
            if (std::find(waiting.begin(), waiting.end(), job.id) == waiting.end()) {
                waiting.push_back(job.id);
            }
            continue;
        }
        auto stored = spool_->load_job(predecessor);
        if (stored && stored->has_value()) settle(job, **stored);
    }
}

// `predecessor` has finished: the dependent stops waiting for it, or is held if it went wrong.
void Scheduler::settle(const Job& dependent, const Job& predecessor) {
    auto failure = failure_of(predecessor);
    (void)record(events::DependencyEnded{dependent.id, predecessor.id, failure.value_or("")});
}

void Scheduler::settle_dependents(const Job& finished) {
    const auto it = dependents_.find(finished.id);
    if (it == dependents_.end()) return;
    const std::vector<JobId> ids = std::move(it->second);
    dependents_.erase(it);
    for (const JobId id : ids) {
        if (const Job* dependent = turn_.job(id)) settle(*dependent, finished);
    }
}

std::string Scheduler::dependency_reason(const Job& job) const {
    if (job.waiting_for.empty()) return "";
    return (job.waiting_for.size() == 1 ? "waits for job " : "waits for jobs ") +
           id_list(job.waiting_for) + " to finish (-hold_jid)";
}

}  // namespace bramble::scheduler
