// The one apply(): each event's change to a job, with the state part taken from the state
// machine's table (job_state.cpp), so that the table stays the one word on what may follow what.
#include "model/job_events.hpp"

#include <algorithm>

#include "model/task_id.hpp"

namespace bramble::events {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
// Clang before 17 deduces no aggregate's template arguments by itself.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Moves the job's state by the machine's `input`, or says why it cannot.
Status step(Job& job, JobEvent input) {
    auto next = bramble::apply(job.state, input);
    if (!next) {
        return make_error("job " + job_id_text(job.id) + " is " +
                          std::string(to_string(job.state)) + "; " + std::string(to_string(input)) +
                          " does not apply");
    }
    job.state = *next;
    return ok_status();
}

void take_off_nodes(Job& job) {
    job.allocation = {};
    job.start_time = 0;
}

std::string slots_text(int slots) {
    return std::to_string(slots) + (slots == 1 ? " slot" : " slots");
}

Status change(Job& job, const Submitted& /*event*/) {
    return make_error("job " + job_id_text(job.id) + " exists already");
}

Status change(Job& job, const Dispatched& event) {
    if (event.allocation.empty()) return make_error("a dispatch needs a node");
    if (auto moved = step(job, JobEvent::Dispatch); !moved) return moved;
    job.allocation = event.allocation;
    job.start_time = event.time;
    // -now y asked for this first start only: a job requeued later waits like any other.
    job.spec.immediate = false;
    return ok_status();
}

Status change(Job& job, const Started& /*event*/) {
    return step(job, JobEvent::Started);
}

Status change(Job& job, const Finished& event) {
    // A short job's end may overtake the report of its start.
    if (job.state == JobState::Dispatched) {
        if (auto moved = step(job, JobEvent::Started); !moved) return moved;
    }
    if (auto moved = step(job, JobEvent::Finished); !moved) return moved;
    job.exit = event.exit;
    job.end_time = event.exit.end_time != 0 ? event.exit.end_time : event.time;
    return ok_status();
}

Status change(Job& job, const DeleteRequested& event) {
    if (auto moved = step(job, JobEvent::Delete); !moved) return moved;
    job.deleted = true;
    job.deleted_by = event.by;
    if (job.state == JobState::Deleted) job.end_time = event.time;
    return ok_status();
}

Status change(Job& job, const Held& event) {
    if (auto moved = step(job, JobEvent::Hold); !moved) return moved;
    if (!event.reason.empty()) job.hold_reason = event.reason;
    return ok_status();
}

Status change(Job& job, const Released& /*event*/) {
    if (auto moved = step(job, JobEvent::Release); !moved) return moved;
    job.spec.hold = false;  // the -h it was submitted with is spent, not kept for a requeue
    return ok_status();
}

Status change(Job& job, const Altered& event) {
    // A job on a node takes a new record (name, mail, a hold for a requeue) and keeps its waits.
    if (job.state == JobState::Dispatched || job.state == JobState::Running) {
        job.spec = *event.spec;
        return ok_status();
    }
    if (job.state != JobState::Pending && job.state != JobState::Held) {
        return make_error("job " + job_id_text(job.id) + " is " +
                          std::string(to_string(job.state)) +
                          "; only a waiting or running job can be altered");
    }
    job.spec = *event.spec;
    job.waiting_for = event.waiting_for;
    job.after_ok = event.after_ok;
    if (job.spec.hold && job.state == JobState::Pending) return step(job, JobEvent::Hold);
    return ok_status();
}

Status change(Job& job, const Requeued& event) {
    if (auto moved = step(job, JobEvent::Requeue); !moved) return moved;
    take_off_nodes(job);
    if (!event.abandoned_on.empty() && std::find(job.abandoned_on.begin(), job.abandoned_on.end(),
                                                 event.abandoned_on) == job.abandoned_on.end()) {
        job.abandoned_on.push_back(event.abandoned_on);
    }
    if (event.setup_failure) ++job.setup_failures;
    // qhold while it ran: it waits, held, instead of starting again.
    if (job.spec.hold && job.state == JobState::Pending) return step(job, JobEvent::Hold);
    return ok_status();
}

Status change(Job& job, const Errored& event) {
    if (auto moved = step(job, JobEvent::Error); !moved) return moved;
    take_off_nodes(job);
    job.error_reason = event.reason;
    if (event.setup_failure) ++job.setup_failures;
    return ok_status();
}

Status change(Job& job, const ErrorCleared& /*event*/) {
    if (auto moved = step(job, JobEvent::ClearError); !moved) return moved;
    job.error_reason.clear();
    job.setup_failures = 0;  // a job no node could set up gets its full count of tries again
    return ok_status();
}

Status change(Job& job, const DependencyEnded& event) {
    auto& waiting = job.waiting_for;
    const auto it = std::find(waiting.begin(), waiting.end(), event.predecessor);
    if (it == waiting.end()) {
        return make_error("job " + job_id_text(job.id) + " does not wait for job " +
                          job_id_text(event.predecessor));
    }
    waiting.erase(it);
    std::erase(job.after_ok, event.predecessor);
    if (event.failure.empty()) return ok_status();
    // Nothing runs on the output of a failed step until somebody decides (qrls, qdel).
    waiting.clear();
    job.after_ok.clear();
    job.hold_reason = "dependency " + job_id_text(event.predecessor) + " " + event.failure;
    if (job.state == JobState::Pending) return step(job, JobEvent::Hold);
    return ok_status();
}

Status change(Job& job, const RunForgotten& event) {
    const auto it = std::find(job.abandoned_on.begin(), job.abandoned_on.end(), event.node);
    if (it == job.abandoned_on.end()) {
        return make_error("job " + job_id_text(job.id) + " has no run given up on " + event.node);
    }
    job.abandoned_on.erase(it);
    return ok_status();
}

}  // namespace

JobId job_of(const Event& event) {
    return std::visit(Overloaded{[](const Submitted& e) { return e.job->id; },
                                 [](const auto& e) { return e.id; }},
                      event);
}

std::string_view kind_of(const Event& event) {
    return std::visit(
        Overloaded{
            [](const Submitted&) { return "submitted"; },
            [](const Dispatched&) { return "dispatched"; },
            [](const Started&) { return "started"; }, [](const Finished&) { return "finished"; },
            [](const DeleteRequested&) { return "delete_requested"; },
            [](const Held&) { return "held"; }, [](const Released&) { return "released"; },
            [](const Altered&) { return "altered"; }, [](const Requeued&) { return "requeued"; },
            [](const Errored&) { return "errored"; },
            [](const ErrorCleared&) { return "error_cleared"; },
            [](const DependencyEnded&) { return "dependency_ended"; },
            [](const RunForgotten&) { return "run_forgotten"; }},
        event);
}

std::string describe(const Event& event) {
    return std::visit(
        Overloaded{[](const Submitted& e) {
                       return "submitted by " + e.job->owner.user +
                              (e.job->state == JobState::Held ? " (held)" : "");
                   },
                   [](const Dispatched& e) {
                       std::string where;
                       for (const auto& grant : e.allocation.grants) {
                           where += (where.empty() ? "" : ", ") + grant.node + " (" +
                                    slots_text(grant.slots()) + ")";
                       }
                       return "dispatched to " + where;
                   },
                   [](const Started& e) { return "started on " + e.node; },
                   [](const Finished& e) {
                       return "finished on " + e.exit.host + ": exit " +
                              std::to_string(e.exit.exit_status) +
                              (e.exit.failed != 0 ? ", failed: " + e.exit.failure : "");
                   },
                   [](const DeleteRequested& e) { return "deleted by " + e.by; },
                   [](const Held& e) {
                       return e.reason.empty() ? "held by " + e.by : "held: " + e.reason;
                   },
                   [](const Released& e) { return "released by " + e.by; },
                   [](const Altered& e) { return "altered by " + e.by + ": " + e.changes; },
                   [](const Requeued& e) { return "requeued: " + e.reason; },
                   [](const Errored& e) { return "error: " + e.reason; },
                   [](const ErrorCleared& e) { return "error state cleared by " + e.by; },
                   [](const DependencyEnded& e) {
                       return "dependency " + job_id_text(e.predecessor) +
                              (e.failure.empty() ? " has ended" : " " + e.failure);
                   },
                   [](const RunForgotten& e) {
                       return "the run given up on " + e.node + " has ended there";
                   }},
        event);
}

// No copy of the job (its script may be megabytes): every change() checks all it refuses before
// it changes anything, and the steps it takes after its first one cannot be refused.
Status apply(Job& job, const Event& event) {
    return std::visit([&job](const auto& e) { return change(job, e); }, event);
}

bool is_whole_array(const Job& job) {
    return job.spec.task_first > 0 && !is_array_task(job.id);
}

Job array_task(const Job& array, int task) {
    Job part = array;
    part.id = task_job_id(array.id, task);
    if (task != array.spec.task_first) part.token.clear();
    return part;
}

std::vector<int> array_tasks(const JobSpec& spec) {
    std::vector<int> tasks;
    if (spec.task_first <= 0 || spec.task_step <= 0) return tasks;
    for (int task = spec.task_first; task <= spec.task_last; task += spec.task_step)
        tasks.push_back(task);
    return tasks;
}

namespace {

Result<Applied> add_array(ActiveJobs& jobs, const Job& array) {
    const auto tasks = array_tasks(array.spec);
    if (tasks.empty() || array.spec.task_last > kMaxTaskNumber) {
        return make_error("job " + job_id_text(array.id) + " has no valid task range");
    }
    for (const int task : tasks) {
        if (jobs.contains(task_job_id(array.id, task))) {
            return make_error("job " + job_id_text(task_job_id(array.id, task)) +
                              " exists already");
        }
    }
    Applied applied{
        task_job_id(array.id, tasks.front()), array.state, array.state, std::nullopt, {}};
    applied.submitted.reserve(tasks.size());
    for (const int task : tasks) {
        auto part = array_task(array, task);
        applied.submitted.push_back(part.id);
        jobs.emplace(part.id, std::move(part));
    }
    return applied;
}

}  // namespace

Result<Applied> apply(ActiveJobs& jobs, Event event) {
    if (auto* submitted = std::get_if<Submitted>(&event)) {
        const JobId id = submitted->job->id;
        const JobState state = submitted->job->state;
        if (!is_active(state)) {
            return make_error("job " + job_id_text(id) + " cannot be submitted " +
                              std::string(to_string(state)));
        }
        if (is_whole_array(*submitted->job)) return add_array(jobs, *submitted->job);
        if (jobs.contains(id)) return make_error("job " + job_id_text(id) + " exists already");
        jobs.emplace(id, std::move(*submitted->job));
        return Applied{id, state, state, std::nullopt, {id}};
    }
    const JobId id = job_of(event);
    auto it = jobs.find(id);
    if (it == jobs.end()) return make_error("job " + job_id_text(id) + " is not active");
    Applied applied{id, it->second.state, it->second.state, std::nullopt, {}};
    if (auto status = events::apply(it->second, event); !status) return status.error();
    applied.after = it->second.state;
    if (!is_active(applied.after)) {
        applied.ended = std::move(it->second);
        jobs.erase(it);
    }
    return applied;
}

}  // namespace bramble::events
