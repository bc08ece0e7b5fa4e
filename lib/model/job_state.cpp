// The job state machine: the transition table, Grid Engine's state letters and the stable names.
#include "model/job_state.hpp"

#include <array>
#include <utility>

namespace bramble {

namespace {

struct Transition {
    JobState from;
    JobEvent event;
    JobState to;
};

using S = JobState;
using E = JobEvent;

// Every legal transition, and nothing else. Three rows go beyond the diagram in job_state.hpp
// because the outside world does not wait for us: a short job can finish before its start is
// reported, and a job being deleted can fail to start or lose its node; without those rows such a
// job would be stuck in `t` or `dr` forever.
constexpr std::array kTransitions{
    Transition{S::Pending, E::Hold, S::Held},
    Transition{S::Held, E::Release, S::Pending},
    Transition{S::Pending, E::Dispatch, S::Dispatched},
    Transition{S::Dispatched, E::Started, S::Running},
    Transition{S::Dispatched, E::Finished, S::Done},
    Transition{S::Running, E::Finished, S::Done},
    Transition{S::Dispatched, E::Delete, S::Deleting},
    Transition{S::Running, E::Delete, S::Deleting},
    Transition{S::Deleting, E::Finished, S::Done},
    Transition{S::Deleting, E::Requeue, S::Deleted},
    Transition{S::Deleting, E::Error, S::Deleted},
    Transition{S::Dispatched, E::Requeue, S::Pending},
    Transition{S::Running, E::Requeue, S::Pending},
    Transition{S::Dispatched, E::Error, S::Error},
    Transition{S::Running, E::Error, S::Error},
    Transition{S::Error, E::ClearError, S::Pending},
    Transition{S::Pending, E::Delete, S::Deleted},
    Transition{S::Held, E::Delete, S::Deleted},
    Transition{S::Error, E::Delete, S::Deleted},
};

struct StateName {
    JobState state;
    std::string_view name;
    std::string_view letters;
};

constexpr std::array kStateNames{
    StateName{S::Pending, "pending", "qw"},
    StateName{S::Held, "held", "hqw"},
    StateName{S::Dispatched, "dispatched", "t"},
    StateName{S::Running, "running", "r"},
    StateName{S::Deleting, "deleting", "dr"},
    StateName{S::Error, "error", "Eqw"},
    StateName{S::Done, "done", ""},
    StateName{S::Deleted, "deleted", ""},
};

constexpr std::array<std::pair<JobEvent, std::string_view>, 9> kEventNames{{
    {E::Hold, "hold"},
    {E::Release, "release"},
    {E::Dispatch, "dispatch"},
    {E::Started, "started"},
    {E::Finished, "finished"},
    {E::Delete, "delete"},
    {E::Requeue, "requeue"},
    {E::Error, "error"},
    {E::ClearError, "clear_error"},
}};

const StateName& entry(JobState state) {
    for (const auto& named : kStateNames) {
        if (named.state == state) return named;
    }
    return kStateNames.front();  // unreachable: every enumerator has a row
}

}  // namespace

std::optional<JobState> apply(JobState state, JobEvent event) {
    for (const auto& row : kTransitions) {
        if (row.from == state && row.event == event) return row.to;
    }
    return std::nullopt;
}

std::string_view ge_state_letters(JobState state) {
    return entry(state).letters;
}

std::string ge_state_letters(JobState state, bool held) {
    std::string letters(entry(state).letters);
    if (!held || letters.empty() || letters.find('h') != std::string::npos) return letters;
    letters.insert(letters.find_first_of("qrtw"), 1, 'h');
    return letters;
}

std::string_view to_string(JobState state) {
    return entry(state).name;
}

std::string_view to_string(JobEvent event) {
    for (const auto& [value, name] : kEventNames) {
        if (value == event) return name;
    }
    return "unknown";
}

std::optional<JobState> job_state_from_string(std::string_view name) {
    for (const auto& named : kStateNames) {
        if (named.name == name) return named.state;
    }
    return std::nullopt;
}

bool is_active(JobState state) {
    return state != JobState::Done && state != JobState::Deleted;
}

}  // namespace bramble
