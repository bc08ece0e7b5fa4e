// -hold_jid and YAML after: who waits for whom. -hold_jid has Grid Engine's meaning: the job waits
// until the jobs it names have ended, however they ended, and ids and names that match no active
// job are no wait (a "clean up after" step must run after a failure too). YAML after: also wants
// them to end well: an id must name a known job, and a predecessor that fails or is deleted holds
// the dependent with the reason, so that nothing runs on the output of a failed step until
// somebody decides (qrls, qdel). Names are resolved to ids at submission (a name means the
// caller's active jobs of that name, as in Grid Engine).
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

void sort_unique(std::vector<JobId>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

bool contains(const std::vector<JobId>& ids, JobId id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

Result<Scheduler::Predecessors> Scheduler::resolve_dependencies(const Caller& caller,
                                                                const JobSpec& spec) const {
    Predecessors out;
    for (const auto& key : spec.hold_jids) {
        const bool ended_well =
            std::find(spec.after_ok.begin(), spec.after_ok.end(), key) != spec.after_ok.end();
        auto ids = ended_well ? resolve_after_ok(caller, key) : matching_active(caller, key);
        if (!ids) return ids.error();
        out.all.insert(out.all.end(), ids->begin(), ids->end());
        if (ended_well) out.ended_well.insert(out.ended_well.end(), ids->begin(), ids->end());
    }
    sort_unique(out.all);
    sort_unique(out.ended_well);
    return out;
}

// The caller's active jobs an id, a task or a name means; none is no wait.
std::vector<JobId> Scheduler::matching_active(const Caller& caller, const std::string& key) const {
    if (auto ref = parse_job_ref(key)) return active_ids(*ref);
    std::vector<JobId> ids;
    for (const auto& [id, job] : jobs_.active()) {
        if (job.spec.name == key && job.owner.uid == caller.uid) ids.push_back(id);
    }
    return ids;
}

// YAML after: an id must name a job the scheduler knows. One that has finished already is waited
// for all the same, so that track_dependencies settles it from the spool at once: a failure holds
// the dependent. The finished tasks of an array named whole are not judged.
Result<std::vector<JobId>> Scheduler::resolve_after_ok(const Caller& caller,
                                                       const std::string& key) const {
    auto ids = matching_active(caller, key);
    const auto ref = parse_job_ref(key);
    if (!ids.empty() || !ref) return ids;
    if (!known_to_spool(*ref)) return make_error("after: job " + key + " does not exist");
    const JobId finished = ref->task > 0 ? task_job_id(ref->id, ref->task) : ref->id;
    if (auto stored = spool_->load_job(finished); stored && stored->has_value()) {
        ids.push_back(finished);
    }
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
    sort_unique(arrays);
    if (spec.task_first == 0 && !arrays.empty()) {
        return make_error("-hold_jid_ad needs an array job (-t)");
    }
    return arrays;
}

// Task `task` of a job with -hold_jid_ad waits for task `task` of each of `arrays` still active;
// one that has ended is no wait.
void Scheduler::append_task_waits(std::vector<JobId>& waiting_for, const std::vector<JobId>& arrays,
                                  int task) const {
    if (task == 0) return;
    for (const JobId array : arrays) {
        const JobId predecessor = task_job_id(array, task);
        if (jobs_.find(predecessor) != nullptr && !contains(waiting_for, predecessor)) {
            waiting_for.push_back(predecessor);
        }
    }
}

// Called once a new, altered or restored job is applied: registers it with the predecessors still
// active and settles at once those that have already ended (in this very turn, or before an
// after: named them).
void Scheduler::track_dependencies(const Job& job) {
    for (const JobId predecessor : job.waiting_for) {
        if (jobs_.active().contains(predecessor)) {
            auto& waiting = dependents_[predecessor];
            if (!contains(waiting, job.id)) waiting.push_back(job.id);
            continue;
        }
        auto stored = spool_->load_job(predecessor);
        if (!stored) {
            log("job " + job_id_text(job.id) + ": cannot load its predecessor " +
                job_id_text(predecessor) + ": " + stored.message());
        } else if (stored->has_value()) {
            settle(job, **stored);
        } else {
            // Neither active nor stored: nothing will ever end, so the job must not wait for it.
            (void)record(events::DependencyEnded{job.id, predecessor, ""});
        }
    }
}

// qalter replaced the job's predecessors: it no longer waits on those it left (their end would
// otherwise be reported to a job that does not wait for it).
void Scheduler::untrack_dependencies(JobId id, const std::vector<JobId>& before) {
    const Job* job = jobs_.find(id);
    for (const JobId predecessor : before) {
        if (job != nullptr && contains(job->waiting_for, predecessor)) continue;
        const auto it = dependents_.find(predecessor);
        if (it == dependents_.end()) continue;
        std::erase(it->second, id);
        if (it->second.empty()) dependents_.erase(it);
    }
}

// `predecessor` has ended: the dependent stops waiting for it, or is held if it had to end well
// and did not.
void Scheduler::settle(const Job& dependent, const Job& predecessor) {
    auto failure =
        contains(dependent.after_ok, predecessor.id) ? failure_of(predecessor) : std::nullopt;
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
