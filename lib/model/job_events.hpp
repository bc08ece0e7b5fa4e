// What happens to jobs, as typed events. A scheduler handler decides: it checks a request or a
// node's report and produces events. The turn writes them to the spool, and only once they are
// durable does apply() change the jobs in memory; a restart applies the stored events again, with
// the same apply(), to the rows written at submission. Every field a change needs is in its
// event, and apply() reads no clock, so the live state and the replayed one cannot differ.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/boxed.hpp"
#include "model/job.hpp"
#include "model/result.hpp"

namespace bramble::events {

// A new job, one array task, or a whole array (is_whole_array): one event and one spool row for
// all its tasks, which apply() adds as jobs of their own (array_task).
struct Submitted {
    Boxed<Job> job;
};

// A whole array submitted at once: its job has the array's visible id and its spec's task range.
bool is_whole_array(const Job& job);
// Task `task` of a whole array: the array's job under the task's id. The submission token goes
// with the first task, so that a repeated submission finds the array.
Job array_task(const Job& array, int task);
// The tasks of a whole array, in order: first..last by step.
std::vector<int> array_tasks(const JobSpec& spec);

struct Dispatched {
    JobId id = 0;
    Allocation allocation;
    std::int64_t time = 0;
};

// The master node confirmed the start.
struct Started {
    JobId id = 0;
    std::string node;
};

// The job's end: as its node reported it, or decided by the scheduler (failed 100) for a job
// whose node cannot tell.
struct Finished {
    JobId id = 0;
    ExitRecord exit;
    std::int64_t time = 0;
};

// qdel: a waiting job is gone at once; a job on a node is marked for deletion (dr) until its end.
struct DeleteRequested {
    JobId id = 0;
    std::string by;
    std::int64_t time = 0;
};

// qhold, or the scheduler holding a job whose dependency failed (`reason` says which).
struct Held {
    JobId id = 0;
    std::string by;
    std::string reason;
};

struct Released {
    JobId id = 0;
    std::string by;
};

// qalter: the job's new spec and the predecessors it resolved to (`after_ok`: those that must end
// well); `changes` names what changed.
struct Altered {
    JobId id = 0;
    Boxed<JobSpec> spec;
    std::vector<JobId> waiting_for;
    std::vector<JobId> after_ok;
    std::string by;
    std::string changes;
};

// A job taken off its nodes to run again: its node was lost or could not set it up, or the job
// exited 99 (Grid Engine's "run it again"). A job being deleted is not requeued but ends deleted.
struct Requeued {
    JobId id = 0;
    std::string reason;
    // The node may still run the lost run: the job stays off it until it reports that run ended.
    std::string abandoned_on;
    bool setup_failure = false;  // the node could not set the job up (counts toward Eqw)
};

// The job waits in error (Eqw) until cleared or deleted: it exited 100, or no node could set it
// up.
struct Errored {
    JobId id = 0;
    std::string reason;
    bool setup_failure = false;
};

// qmod -cj: the job waits again, its set-up tries restored.
struct ErrorCleared {
    JobId id = 0;
    std::string by;
};

// A predecessor (-hold_jid, YAML after:) ended: the job stops waiting for it, or, when `failure`
// says how a predecessor that had to end well went wrong, is held with that reason.
struct DependencyEnded {
    JobId id = 0;
    JobId predecessor = 0;
    std::string failure;  // empty: ended well
};

// A node that ran an abandoned run of the job reported that run's end, or no longer runs it.
struct RunForgotten {
    JobId id = 0;
    std::string node;
};

using Event =
    std::variant<Submitted, Dispatched, Started, Finished, DeleteRequested, Held, Released, Altered,
                 Requeued, Errored, ErrorCleared, DependencyEnded, RunForgotten>;
// A turn that deletes 10,000 jobs holds 10,000 events: the large ones are boxed.
static_assert(sizeof(Event) <= 256, "box the event's large members (model/boxed.hpp)");

// The job an event is about.
JobId job_of(const Event& event);

// A stable lower-case name per kind, stored beside the event ("dispatched", "finished", ...).
std::string_view kind_of(const Event& event);

// One line for people: the job's history in qstat -j and the scheduler's log.
std::string describe(const Event& event);

// Changes `job` as `event` says, or refuses (the job is left as it was) when the event does not
// apply to the job's state: a repeated report, or a deletion that crossed the job's end. Pure.
Status apply(Job& job, const Event& event);

// The active jobs, by id. apply() adds a submitted job and takes out a job that has ended.
using ActiveJobs = std::map<JobId, Job>;

struct Applied {
    JobId id = 0;
    JobState before = JobState::Pending;
    JobState after = JobState::Pending;
    // The job as it ended, when this event ended it (it is no longer in the map).
    std::optional<Job> ended;
    // The jobs a submission added: its one job, or a whole array's tasks.
    std::vector<JobId> submitted;
};

// By value: a submission's job moves into the map rather than being copied (it holds the script).
Result<Applied> apply(ActiveJobs& jobs, Event event);

}  // namespace bramble::events
