// Backfill with reservations: a blocked job at the front of the order gets the earliest start the
// running jobs' walltimes allow, and later jobs start now only if they cannot delay it.
#include "policy/backfill.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builders.hpp"
#include "plan_text.hpp"
#include "policy/planner.hpp"
#include "running_builder.hpp"

namespace bramble::policy {
namespace {

using testing::grant_text;
using testing::job_of;
using testing::JobBuilder;
using testing::NodeBuilder;
using testing::plan_lines;
using testing::RunningBuilder;
using Lines = std::vector<std::string>;

std::vector<std::string> reservation_lines(const Plan& result) {
    std::vector<std::string> lines;
    for (const Reservation& reservation : result.reservations) {
        std::string line =
            std::to_string(reservation.id) + " at " + std::to_string(reservation.start) + ":";
        for (const NodeGrant& grant : reservation.allocation.grants)
            line += " " + grant_text(grant);
        lines.push_back(line);
    }
    return lines;
}

std::int64_t until_of(const Plan& result, JobId id) {
    for (const PendingReason& reason : result.reasons) {
        if (reason.id == id) return reason.until;
    }
    ADD_FAILURE() << "no reason for job " << id;
    return -1;
}

// pi01 has 4 cores: job 1 holds 0 and 1 until t=100, job 2 holds core 2 until t=50; core 3 is free.
Snapshot one_core_free() {
    Snapshot snapshot;
    snapshot.nodes = {NodeBuilder("pi01").cores(4).memory("4G")};
    testing::run(snapshot, RunningBuilder(1, "ann").on("pi01", {0, 1}).until(100));
    testing::run(snapshot, RunningBuilder(2, "ann").on("pi01", {2}).until(50));
    return snapshot;
}

TEST(Backfill, ShortJobsStartAroundAReservation) {
    // Job 10 needs the whole node: it can start at 100, when job 1 ends. Job 11 would still hold
    // core 3 at 100; job 12 ends at 0 + 30 <= 100, so it may use core 3 now.
    Snapshot snapshot = one_core_free();
    snapshot.pending = {job_of(JobBuilder(10).slots(4), "ann", 100),
                        job_of(JobBuilder(11), "ann", 200), job_of(JobBuilder(12), "ann", 30)};
    const Plan result = plan(snapshot, 0);
    EXPECT_EQ(plan_lines(result),
              (Lines{"12 -> pi01 [3] 0",
                     "10: needs 4 cores on one node; largest free: pi01 with 1 core and 4.0G; "
                     "reserved to start within 2m",
                     "11: would delay the reservation of job 10, which starts within 2m"}));
    EXPECT_EQ(reservation_lines(result), (Lines{"10 at 100: pi01 [0,1,2,3] 0"}));
    EXPECT_EQ(until_of(result, 10), 100);
    EXPECT_EQ(until_of(result, 11), 100);
}

TEST(Backfill, AJobWithoutAWalltimeNeverEnds) {
    Snapshot snapshot = one_core_free();
    snapshot.pending = {job_of(JobBuilder(10).slots(4), "ann", 100),
                        job_of(JobBuilder(11), "ann", 0)};
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"10: needs 4 cores on one node; largest free: pi01 with 1 core and 4.0G; "
                     "reserved to start within 2m",
                     "11: would delay the reservation of job 10, which starts within 2m"}));
}

TEST(Backfill, LongJobsMayUseNodesTheReservationDoesNotNeed) {
    // pi02's two cores are not part of job 10's reservation on pi01: a long job may take them.
    Snapshot snapshot = one_core_free();
    snapshot.nodes.push_back(NodeBuilder("pi02").cores(2).memory("4G"));
    snapshot.pending = {job_of(JobBuilder(10).slots(4), "ann", 100),
                        job_of(JobBuilder(11).slots(2), "ann", 10000)};
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"11 -> pi02 [0,1] 0",
                     "10: needs 4 cores on one node; largest free: pi02 with 2 cores and 4.0G; "
                     "reserved to start within 2m"}));
}

TEST(Backfill, ReservedMemoryStaysFree) {
    // pi01: 8 cores, 4G. Job 1 holds cores 0-5 and 1G until 100. Job 10 (4 x 768M = 3G) is
    // reserved on cores 0-3 at 100, leaving 4G - 3G = 1G for jobs still running then. Job 11 (2G,
    // long) fits now but would leave job 10 short; job 12 (512M) fits beside it.
    Snapshot snapshot;
    snapshot.nodes = {NodeBuilder("pi01").cores(8).memory("4G")};
    testing::run(snapshot,
                 RunningBuilder(1, "ann").on("pi01", {0, 1, 2, 3, 4, 5}).memory("1G").until(100));
    snapshot.pending = {job_of(JobBuilder(10).slots(4).memory("768M"), "ann", 100),
                        job_of(JobBuilder(11).memory("2G"), "ann", 1000),
                        job_of(JobBuilder(12).memory("512M"), "ann", 1000)};
    const Plan result = plan(snapshot, 0);
    EXPECT_EQ(plan_lines(result),
              (Lines{"12 -> pi01 [6] 512.0M",
                     "10: needs 4 cores with 768.0M each on one node; largest free: pi01 with 2 "
                     "cores and 3.0G; reserved to start within 2m",
                     "11: would delay the reservation of job 10, which starts within 2m"}));
    EXPECT_EQ(reservation_lines(result), (Lines{"10 at 100: pi01 [0,1,2,3] 3.0G"}));
}

TEST(Backfill, OffMeansNothingStartsAheadOfTheBlockedJob) {
    Snapshot snapshot = one_core_free();
    snapshot.policy.backfill = false;
    snapshot.pending = {job_of(JobBuilder(10).slots(4), "ann", 100),
                        job_of(JobBuilder(11), "ann", 30)};
    const Plan result = plan(snapshot, 0);
    EXPECT_EQ(plan_lines(result), (Lines{"10: needs 4 cores on one node; largest free: pi01 with 1 "
                                         "core and 4.0G; reserved to start within 2m",
                                         "11: waits behind job 10 (backfill is off)"}));
    EXPECT_EQ(until_of(result, 11), 100);
}

TEST(Backfill, OffStillLetsJobsPassOneThatCanNeverRun) {
    Snapshot snapshot = one_core_free();
    snapshot.policy.backfill = false;
    snapshot.pending = {job_of(JobBuilder(10).slots(8), "ann", 100),
                        job_of(JobBuilder(11), "ann", 30)};
    const Lines lines = plan_lines(plan(snapshot, 0));
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0], "11 -> pi01 [3] 0");
}

TEST(Backfill, NoReservationWhenNothingSaysWhenItEnds) {
    // Job 1 has no walltime (end == start): no start can be promised to job 10, and job 11 may go.
    Snapshot snapshot;
    snapshot.nodes = {NodeBuilder("pi01").cores(2)};
    testing::run(snapshot, RunningBuilder(1, "ann").on("pi01", {0}).between(5, 5));
    snapshot.pending = {job_of(JobBuilder(10).slots(2), "ann", 100),
                        job_of(JobBuilder(11), "ann", 100)};
    const Plan result = plan(snapshot, 10);
    EXPECT_TRUE(result.reservations.empty());
    ASSERT_EQ(result.placements.size(), 1U);
    EXPECT_EQ(result.placements[0].id, 11U);
}

TEST(Backfill, AnOverdueJobIsExpectedBackNow) {
    Snapshot snapshot = one_core_free();
    snapshot.pending = {job_of(JobBuilder(10).slots(4), "ann", 100)};
    const Plan result = plan(snapshot, 500);  // both running jobs are past their walltimes
    EXPECT_EQ(reservation_lines(result), (Lines{"10 at 500: pi01 [0,1,2,3] 0"}));
}

TEST(Backfill, MoreReservationsQueueBehindEachOther) {
    // pi01 is full until 100. Job 10 (4 cores, 100 s) is reserved 100..200; job 11 (2 cores)
    // cannot overlap it on a 4-core node, so with a second reservation it gets 200.
    Snapshot snapshot;
    snapshot.nodes = {NodeBuilder("pi01").cores(4)};
    testing::run(snapshot, RunningBuilder(1, "ann").on("pi01", {0, 1, 2, 3}).until(100));
    snapshot.pending = {job_of(JobBuilder(10).slots(4), "ann", 100),
                        job_of(JobBuilder(11).slots(2), "ann", 50)};
    EXPECT_EQ(reservation_lines(plan(snapshot, 0)), (Lines{"10 at 100: pi01 [0,1,2,3] 0"}));
    snapshot.policy.max_reservations = 2;
    EXPECT_EQ(reservation_lines(plan(snapshot, 0)),
              (Lines{"10 at 100: pi01 [0,1,2,3] 0", "11 at 200: pi01 [0,1] 0"}));
}

TEST(Backfill, DurationText) {
    const std::pair<std::int64_t, const char*> cases[] = {
        {0, "0s"},       {45, "45s"},     {60, "1m"},       {100, "2m"},      {3600, "1h00m"},
        {3570, "1h00m"}, {3900, "1h05m"}, {86400, "1d00h"}, {90000, "1d01h"}, {-5, "0s"}};
    for (const auto& [seconds, text] : cases)
        EXPECT_EQ(duration_text(seconds), text) << seconds;
}

}  // namespace
}  // namespace bramble::policy
