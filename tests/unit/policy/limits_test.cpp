// User limits: running jobs and this pass's placements count against a user's caps; a job over a
// cap waits with the cap in its reason, and other users are not affected.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builders.hpp"
#include "plan_text.hpp"
#include "policy/planner.hpp"
#include "running_builder.hpp"

namespace bramble::policy {
namespace {

using testing::job_of;
using testing::JobBuilder;
using testing::NodeBuilder;
using testing::plan_lines;
using testing::RunningBuilder;
using Lines = std::vector<std::string>;

Snapshot eight_cores() {
    Snapshot snapshot;
    snapshot.nodes = {NodeBuilder("pi01").cores(8).memory("8G"),
                      NodeBuilder("pi02").cores(8).memory("8G")};
    return snapshot;
}

TEST(UserLimits, SlotsCountRunningJobsAndThisPass) {
    // ann holds 4 slots on pi01 and may hold 8: the 3-slot job fits under the cap (7), the 2-slot
    // job after it would make 9. bob has no cap.
    Snapshot snapshot = eight_cores();
    snapshot.policy.default_user_limit.max_slots = 8;
    testing::run(snapshot, RunningBuilder(1, "ann").on("pi01", {0, 1, 2, 3}).until(1000));
    snapshot.pending = {job_of(JobBuilder(10).slots(3), "ann", 60),
                        job_of(JobBuilder(11).slots(2), "ann", 60),
                        job_of(JobBuilder(12).slots(5), "bob", 60)};
    snapshot.policy.weight_fair_share = 0;  // keep submission order
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"10 -> pi01 [4,5,6] 0", "12 -> pi02 [0,1,2,3,4] 0",
                     "11: user limit 8 slots reached"}));
}

TEST(UserLimits, RunningJobsByName) {
    // ann may run 3 jobs and runs 2: one more starts. Nobody else is capped (default 0).
    Snapshot snapshot = eight_cores();
    snapshot.policy.user_limits["ann"].max_running_jobs = 3;
    testing::run(snapshot, RunningBuilder(1, "ann").on("pi01", {0}).until(1000));
    testing::run(snapshot, RunningBuilder(2, "ann").on("pi01", {1}).until(1000));
    snapshot.pending = {job_of(JobBuilder(10), "ann", 60), job_of(JobBuilder(11), "ann", 60),
                        job_of(JobBuilder(12), "ann", 60), job_of(JobBuilder(13), "bob", 60),
                        job_of(JobBuilder(14), "bob", 60)};
    snapshot.policy.weight_fair_share = 0;
    EXPECT_EQ(
        plan_lines(plan(snapshot, 0)),
        (Lines{"10 -> pi01 [2] 0", "13 -> pi01 [3] 0", "14 -> pi01 [4] 0",
               "11: user limit 3 running jobs reached", "12: user limit 3 running jobs reached"}));
}

TEST(UserLimits, ANamedLimitReplacesTheDefault) {
    Snapshot snapshot = eight_cores();
    snapshot.policy.default_user_limit.max_running_jobs = 1;
    snapshot.policy.user_limits["ann"].max_running_jobs = 0;  // 0: ann has no cap
    snapshot.pending = {job_of(JobBuilder(10), "ann", 60), job_of(JobBuilder(11), "ann", 60),
                        job_of(JobBuilder(12), "bob", 60), job_of(JobBuilder(13), "bob", 60)};
    snapshot.policy.weight_fair_share = 0;
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"10 -> pi01 [0] 0", "11 -> pi01 [1] 0", "12 -> pi01 [2] 0",
                     "13: user limit 1 running job reached"}));
}

TEST(UserLimits, AJobOverItsLimitHoldsNobodyBack) {
    // With backfill off, a job waiting for its user's limit is not a blocked head: bob starts.
    Snapshot snapshot = eight_cores();
    snapshot.policy.backfill = false;
    snapshot.policy.default_user_limit.max_slots = 2;
    snapshot.pending = {job_of(JobBuilder(10).slots(4), "ann", 60),
                        job_of(JobBuilder(11), "bob", 60)};
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"11 -> pi01 [0] 0", "10: user limit 2 slots reached"}));
}

}  // namespace
}  // namespace bramble::policy
