// The job state machine: one transition table, a pure apply(), illegal transitions refused.
//
//   Pending --hold--> Held --release--> Pending
//   Pending --dispatch--> Dispatched --started--> Running --finished--> Done
//   Dispatched/Running --delete--> Deleting --finished--> Done
//   Dispatched/Running --requeue--> Pending     (its node was lost or could not set it up; exit 99)
//   Dispatched/Running --error--> Error         (Grid Engine's Eqw: exit 100, or no node could set
//                                                it up)
//   Error --clear_error--> Pending               (qmod -cj)
//   Pending/Held/Error --delete--> Deleted
//   Dispatched --finished--> Done                (a short job ends before its start is heard)
//   Deleting --requeue/error--> Deleted          (a job being deleted never waits again, nor
//                                                gets stuck in dr)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bramble {

enum class JobState { Pending, Held, Dispatched, Running, Deleting, Error, Done, Deleted };

enum class JobEvent {
    Hold,
    Release,
    Dispatch,
    Started,
    Finished,
    Delete,
    Requeue,
    Error,
    ClearError,
};

// The state after `event`, or nothing when the event is not legal in `state`.
std::optional<JobState> apply(JobState state, JobEvent event);

// Grid Engine's state letters as qstat prints them: qw hqw t r dr Eqw.
std::string_view ge_state_letters(JobState state);

// The same for a job that carries a hold (qhold, qsub -h): a job on a node keeps running and shows
// the h where Grid Engine puts it (hr, ht, dhr; its job_get_state_string() order d E h q r t w).
std::string ge_state_letters(JobState state, bool held);

// Stable lower-case names, used in the spool and in messages.
std::string_view to_string(JobState state);
std::string_view to_string(JobEvent event);
std::optional<JobState> job_state_from_string(std::string_view name);

// Still in the queue or on a node (what qstat lists).
bool is_active(JobState state);

}  // namespace bramble
