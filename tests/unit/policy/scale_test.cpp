// A pass at scale still places exactly what fits, explains the rest and keeps its reservation:
// 10,000 pending jobs on 100 nodes. How fast it does so is measured by the benchmark in bench/, not
// asserted here.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "policy/planner.hpp"

namespace bramble::policy {
namespace {

Snapshot large_snapshot() {
    Snapshot snapshot;
    for (int i = 0; i < 100; ++i) {
        NodeView node;
        node.name = "node" + std::to_string(i);
        node.cores = 4;
        node.core_busy.assign(4, false);
        node.memory = std::uint64_t{4} << 30;
        node.memory_free = node.memory;
        snapshot.nodes.push_back(node);
    }
    for (int i = 0; i < 10'000; ++i) {
        PendingJob job;
        job.id = static_cast<JobId>(i) + 1;
        job.slots = 1 + i % 4;
        job.memory_per_slot = std::uint64_t{256} << 20;
        job.priority = i % 3;
        job.submit_time = i;
        snapshot.pending.push_back(job);
    }
    return snapshot;
}

TEST(PlanScale, TenThousandJobsOnAHundredNodes) {
    const Snapshot snapshot = large_snapshot();
    const Plan result = plan(snapshot, 0);

    // 100 nodes x 4 cores = 400 slots; every job is placed or explained.
    int slots = 0;
    for (const Placement& placement : result.placements)
        slots += placement.allocation.slots();
    EXPECT_EQ(slots, 400);
    EXPECT_EQ(result.placements.size() + result.reasons.size(), snapshot.pending.size());
}

TEST(PlanScale, ReservationsHoldAtScale) {
    // The same queue with walltimes, and a job holding cores 0-1 of every third node until t=600:
    // the first blocked job gets the one reservation, and no job that starts now still holds one
    // of its cores when it begins.
    Snapshot snapshot = large_snapshot();
    for (std::size_t i = 0; i < snapshot.nodes.size(); i += 3) {
        NodeView& node = snapshot.nodes[i];
        node.core_busy[0] = node.core_busy[1] = true;
        RunningJob job;
        job.id = 100'000 + i;
        job.user = "ann";
        job.allocation.grants.push_back({node.name, {0, 1}, 0, {}, {}});
        job.expected_end = 600;
        snapshot.running.push_back(job);
    }
    for (PendingJob& job : snapshot.pending)
        job.walltime = 60 * (1 + static_cast<std::int64_t>(job.id % 20));
    const Plan result = plan(snapshot, 0);
    EXPECT_EQ(result.placements.size() + result.reasons.size(), snapshot.pending.size());
    EXPECT_EQ(result.priorities.size(), snapshot.pending.size());
    ASSERT_EQ(result.reservations.size(), 1U);
    const Reservation& reserved = result.reservations.front();
    for (const Placement& placement : result.placements) {
        const PendingJob& job = snapshot.pending[placement.id - 1];
        if (job.walltime <= reserved.start) continue;
        for (const NodeGrant& mine : placement.allocation.grants) {
            for (const NodeGrant& theirs : reserved.allocation.grants) {
                if (mine.node != theirs.node) continue;
                for (const int core : mine.cores) {
                    EXPECT_EQ(std::count(theirs.cores.begin(), theirs.cores.end(), core), 0)
                        << "job " << job.id << " holds " << mine.node << " core " << core;
                }
            }
        }
    }
}

TEST(PlanScale, NothingPendingIsNearlyFree) {
    Snapshot snapshot = large_snapshot();
    snapshot.pending.clear();
    const Plan result = plan(snapshot, 0);
    EXPECT_TRUE(result.placements.empty());
    EXPECT_TRUE(result.reasons.empty());
}

}  // namespace
}  // namespace bramble::policy
