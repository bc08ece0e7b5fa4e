// plan(): where jobs go, which cores they get, and that one pass never gives anything twice.
#include "policy/planner.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builders.hpp"
#include "plan_text.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;
using testing::NodeBuilder;
using testing::plan_lines;
using Lines = std::vector<std::string>;

struct PlanCase {
    const char* name;
    Snapshot snapshot;
    Lines expected;
};

TEST(Plan, PlacesJobs) {
    const PlanCase cases[] = {
        {"a serial job takes core 0 of the only node",
         {{NodeBuilder("pi01").cores(4).memory("1G")}, {JobBuilder(1)}},
         {"1 -> pi01 [0] 0"}},
        {"memory reserved is slots x memory per slot: 2 x 512M = 1.0G",
         {{NodeBuilder("pi01").cores(4).memory("2G")}, {JobBuilder(1).slots(2).memory("512M")}},
         {"1 -> pi01 [0,1] 1.0G"}},
        {"the lowest free cores: 0 and 2 are busy, so 1 and 3",
         {{NodeBuilder("pi01").cores(4).busy({0, 2})}, {JobBuilder(1).slots(2)}},
         {"1 -> pi01 [1,3] 0"}},
        {"best fit: pi02 has 2 free cores, pi01 has 4; a 2-slot job fills pi02",
         {{NodeBuilder("pi01").cores(4), NodeBuilder("pi02").cores(4).busy({0, 1})},
          {JobBuilder(1).slots(2)}},
         {"1 -> pi02 [2,3] 0"}},
        {"best fit ties go to the earlier node",
         {{NodeBuilder("pi01").cores(4), NodeBuilder("pi02").cores(4)}, {JobBuilder(1)}},
         {"1 -> pi01 [0] 0"}},
        {"the tightest node is skipped when its memory is short",
         {{NodeBuilder("pi01").cores(4).memory("4G"), NodeBuilder("pi02").cores(2).memory("1G")},
          {JobBuilder(1).slots(2).memory("1G")}},  // 2 x 1G = 2G > pi02's 1G
         {"1 -> pi01 [0,1] 2.0G"}},
        {"a parallel environment puts every slot on one node (pe_slots)",
         {{NodeBuilder("pi01").cores(2), NodeBuilder("pi02").cores(4)},
          {JobBuilder(1).slots(4).pe("mpi")}},
         {"1 -> pi02 [0,1,2,3] 0"}},
        {"a pinned job goes to its node even when another fits better",
         {{NodeBuilder("pi01").cores(1), NodeBuilder("pi02").cores(4)},
          {JobBuilder(1).pin("pi02")}},
         {"1 -> pi02 [0] 0"}},
        {"down nodes get nothing",
         {{NodeBuilder("pi01").cores(4).down(), NodeBuilder("pi02").cores(4)}, {JobBuilder(1)}},
         {"1 -> pi02 [0] 0"}},
        {"placements follow start order, not input order",
         {{NodeBuilder("pi01").cores(4)},
          {JobBuilder(1), JobBuilder(2).priority(10), JobBuilder(3).submitted(0)}},
         {"2 -> pi01 [0] 0", "3 -> pi01 [1] 0", "1 -> pi01 [2] 0"}},
        {"nothing pending, nothing planned", {{NodeBuilder("pi01").cores(4)}, {}}, {}},
    };
    for (const auto& [name, snapshot, expected] : cases) {
        EXPECT_EQ(plan_lines(plan(snapshot, 0)), expected) << name;
    }
}

TEST(Plan, TwoPlacementsInOnePassNeverShare) {
    // 4 cores and 1G: 2 slots x 256M twice uses all of it; the third job finds nothing left.
    const Snapshot snapshot{{NodeBuilder("pi01").cores(4).memory("1G")},
                            {JobBuilder(1).slots(2).memory("256M"),
                             JobBuilder(2).slots(2).memory("256M"), JobBuilder(3)}};
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"1 -> pi01 [0,1] 512.0M", "2 -> pi01 [2,3] 512.0M",
                     "3: needs 1 core on one node; every core of the 1 up node is busy"}));
}

TEST(Plan, MemoryIsNeverOversubscribed) {
    // 1G free; 3 jobs of 400M: 400 + 400 = 800M fits, + 400 = 1200M does not. Cores are plenty.
    const Snapshot snapshot{
        {NodeBuilder("pi01").cores(8).memory("1G")},
        {JobBuilder(1).memory("400M"), JobBuilder(2).memory("400M"), JobBuilder(3).memory("400M")}};
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"1 -> pi01 [0] 400.0M", "2 -> pi01 [1] 400.0M",
                     "3: needs 1 core with 400.0M on one node; largest free: pi01 with 6 cores and "
                     "224.0M"}));
}

TEST(Plan, AJobThatCannotStartDoesNotBlockTheOthers) {
    // 2 of 4 cores free: the 4-slot job waits, the 1-slot job behind it starts. No running job
    // says when cores 0 and 1 come back, so there is no start to reserve for the 4-slot job.
    const Snapshot snapshot{{NodeBuilder("pi01").cores(4).memory("1G").busy({0, 1})},
                            {JobBuilder(1).slots(4), JobBuilder(2)}};
    EXPECT_EQ(plan_lines(plan(snapshot, 0)),
              (Lines{"2 -> pi01 [2] 0",
                     "1: needs 4 cores on one node; largest free: pi01 with 2 cores and 1.0G"}));
}

TEST(Plan, PriorityDecidesWhoGetsTheLastCore) {
    const Snapshot snapshot{{NodeBuilder("pi01").cores(2).busy({0})},
                            {JobBuilder(1), JobBuilder(2).priority(1)}};
    const Plan result = plan(snapshot, 0);
    ASSERT_EQ(result.placements.size(), 1U);
    EXPECT_EQ(result.placements[0].id, 2U);
    ASSERT_EQ(result.reasons.size(), 1U);
    EXPECT_EQ(result.reasons[0].id, 1U);
}

TEST(Plan, ReportsEveryPendingJobsPriorityInStartOrder) {
    const Snapshot snapshot{{NodeBuilder("pi01").cores(1)},
                            {JobBuilder(1), JobBuilder(2).priority(1024), JobBuilder(3)}};
    const Plan result = plan(snapshot, 0);
    std::vector<JobId> ids;
    for (const JobPriority& priority : result.priorities) {
        ids.push_back(priority.id);
        EXPECT_GE(priority.total, priority.priority) << priority.id;
    }
    EXPECT_EQ(ids, (std::vector<JobId>{2, 1, 3}));
    EXPECT_DOUBLE_EQ(result.priorities[0].priority, 1.0);
}

TEST(Plan, OnePassSharesAnEmptyClusterBetweenUsers) {
    // ann submitted her four jobs first, but each placement charges her slots x walltime, so bob's
    // jobs come in between and each gets two of the four cores.
    Snapshot snapshot{{NodeBuilder("pi01").cores(4)}, {}};
    for (JobId id = 1; id <= 6; ++id) {
        PendingJob job = JobBuilder(id);
        job.user = id <= 4 ? "ann" : "bob";
        job.walltime = 600;
        snapshot.pending.push_back(job);
    }
    EXPECT_EQ(
        plan_lines(plan(snapshot, 10)),
        (Lines{"1 -> pi01 [0] 0", "5 -> pi01 [1] 0", "2 -> pi01 [2] 0", "6 -> pi01 [3] 0",
               "3: needs 1 core on one node; every core of the 1 up node is busy; reserved to "
               "start within 10m",  // when the first jobs end at 610
               "4: needs 1 core on one node; every core of the 1 up node is busy"}));
}

}  // namespace
}  // namespace bramble::policy
