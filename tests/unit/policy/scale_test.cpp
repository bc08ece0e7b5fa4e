// A pass at scale still places exactly what fits and explains the rest: 10,000 pending jobs on 100
// nodes. How fast it does so is measured by the benchmark in bench/, not asserted here.
#include <gtest/gtest.h>

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

TEST(PlanScale, NothingPendingIsNearlyFree) {
    Snapshot snapshot = large_snapshot();
    snapshot.pending.clear();
    const Plan result = plan(snapshot, 0);
    EXPECT_TRUE(result.placements.empty());
    EXPECT_TRUE(result.reasons.empty());
}

}  // namespace
}  // namespace bramble::policy
