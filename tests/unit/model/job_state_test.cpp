// The job state machine: every (state, event) pair against a table written out in full, the
// letters qstat prints and the names the spool stores.
#include "model/job_state.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>

namespace bramble {
namespace {

constexpr std::array kStates{JobState::Pending, JobState::Held,     JobState::Dispatched,
                             JobState::Running, JobState::Deleting, JobState::Error,
                             JobState::Done,    JobState::Deleted};
constexpr std::array kEvents{JobEvent::Hold,    JobEvent::Release,  JobEvent::Dispatch,
                             JobEvent::Started, JobEvent::Finished, JobEvent::Delete,
                             JobEvent::Requeue, JobEvent::Error,    JobEvent::ClearError};

// Rows: states in kStates order. Columns: events in kEvents order. nullopt: refused.
constexpr std::optional<JobState> X = std::nullopt;
using S = JobState;
// clang-format off
constexpr std::optional<JobState> kExpected[8][9] = {
    //             hold     release     dispatch       started     finished  delete        requeue     error       clear_error
    /* pending */ {S::Held, X,          S::Dispatched, X,          X,        S::Deleted,   X,          X,          X},
    /* held    */ {X,       S::Pending, X,             X,          X,        S::Deleted,   X,          X,          X},
    /* dispatch*/ {X,       X,          X,             S::Running, S::Done,  S::Deleting,  S::Pending, S::Error,   X},
    /* running */ {X,       X,          X,             X,          S::Done,  S::Deleting,  S::Pending, S::Error,   X},
    /* deleting*/ {X,       X,          X,             X,          S::Done,  X,            S::Deleted, S::Deleted, X},
    /* error   */ {X,       X,          X,             X,          X,        S::Deleted,   X,          X,          S::Pending},
    /* done    */ {X,       X,          X,             X,          X,        X,            X,          X,          X},
    /* deleted */ {X,       X,          X,             X,          X,        X,            X,          X,          X},
};
// clang-format on

TEST(JobStateMachine, EveryStateAndEventPairFollowsTheTable) {
    for (std::size_t s = 0; s < kStates.size(); ++s) {
        for (std::size_t e = 0; e < kEvents.size(); ++e) {
            SCOPED_TRACE(std::string(to_string(kStates[s])) + " --" +
                         std::string(to_string(kEvents[e])) + "-->");
            EXPECT_EQ(apply(kStates[s], kEvents[e]), kExpected[s][e]);
        }
    }
}

TEST(JobStateMachine, ALifeFromSubmissionToDone) {
    auto state = apply(JobState::Pending, JobEvent::Hold);
    state = apply(*state, JobEvent::Release);
    state = apply(*state, JobEvent::Dispatch);
    state = apply(*state, JobEvent::Started);
    state = apply(*state, JobEvent::Finished);
    EXPECT_EQ(state, JobState::Done);
}

TEST(JobStateMachine, EndedJobsAcceptNothing) {
    for (const JobEvent event : kEvents) {
        EXPECT_FALSE(apply(JobState::Done, event).has_value()) << to_string(event);
        EXPECT_FALSE(apply(JobState::Deleted, event).has_value()) << to_string(event);
    }
}

struct Printed {
    JobState state;
    const char* name;
    const char* letters;
    bool active;
};

constexpr Printed kPrinted[] = {
    {JobState::Pending, "pending", "qw", true},
    {JobState::Held, "held", "hqw", true},
    {JobState::Dispatched, "dispatched", "t", true},
    {JobState::Running, "running", "r", true},
    {JobState::Deleting, "deleting", "dr", true},
    {JobState::Error, "error", "Eqw", true},
    {JobState::Done, "done", "", false},
    {JobState::Deleted, "deleted", "", false},
};

TEST(JobStateNames, LettersNamesAndActivity) {
    for (const Printed& row : kPrinted) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(ge_state_letters(row.state), row.letters);
        EXPECT_EQ(to_string(row.state), row.name);
        EXPECT_EQ(job_state_from_string(row.name), row.state);
        EXPECT_EQ(is_active(row.state), row.active);
    }
}

// A hold on a job that runs shows as Grid Engine's job_get_state_string() orders the letters (d E
// h q r t w): sge-reference qstat-held-running.txt shows "hr".
TEST(JobStateNames, AHoldAddsItsLetterWhereGridEnginePutsIt) {
    EXPECT_EQ(ge_state_letters(JobState::Running, true), "hr");
    EXPECT_EQ(ge_state_letters(JobState::Dispatched, true), "ht");
    EXPECT_EQ(ge_state_letters(JobState::Deleting, true), "dhr");
    EXPECT_EQ(ge_state_letters(JobState::Error, true), "Ehqw");
    EXPECT_EQ(ge_state_letters(JobState::Held, true), "hqw") << "never twice";
    EXPECT_EQ(ge_state_letters(JobState::Done, true), "");
    for (const Printed& row : kPrinted)
        EXPECT_EQ(ge_state_letters(row.state, false), row.letters) << row.name;
}

TEST(JobStateNames, UnknownNamesAreRefused) {
    EXPECT_FALSE(job_state_from_string("Pending").has_value());
    EXPECT_FALSE(job_state_from_string("qw").has_value());
    EXPECT_FALSE(job_state_from_string("").has_value());
}

TEST(JobEventNames, AreStableAndDistinct) {
    constexpr const char* kNames[] = {"hold",   "release", "dispatch", "started",    "finished",
                                      "delete", "requeue", "error",    "clear_error"};
    static_assert(std::size(kNames) == kEvents.size());
    for (std::size_t e = 0; e < kEvents.size(); ++e)
        EXPECT_EQ(to_string(kEvents[e]), kNames[e]);
}

}  // namespace
}  // namespace bramble
