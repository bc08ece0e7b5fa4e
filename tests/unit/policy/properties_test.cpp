// Invariants of plan() over many random snapshots (fixed seed, so a failure reproduces): no core
// given twice, no node's memory exceeded, the same input gives the same plan, every job either
// placed or told why, and no job left waiting while a node could take it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plan_text.hpp"
#include "policy/planner.hpp"

namespace bramble::policy {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;

class RandomSnapshots {
  public:
    explicit RandomSnapshots(unsigned seed) : random_(seed) {}

    Snapshot next() {
        Snapshot snapshot;
        const int nodes = pick(0, 8);
        for (int i = 0; i < nodes; ++i)
            snapshot.nodes.push_back(node(i));
        const int jobs = pick(0, 30);
        for (int i = 0; i < jobs; ++i)
            snapshot.pending.push_back(job(i, nodes));
        return snapshot;
    }

    std::mt19937& engine() { return random_; }

  private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

    NodeView node(int index) {
        NodeView node;
        node.name = "pi" + std::to_string(index + 1);
        node.up = pick(0, 9) != 0;
        node.cores = pick(0, 8);
        for (int core = 0; core < node.cores; ++core)
            node.core_busy.push_back(pick(0, 2) == 0);
        node.memory = static_cast<std::uint64_t>(pick(0, 16)) * 256 * kMiB;
        node.memory_free = node.memory / 16 * static_cast<std::uint64_t>(pick(0, 16));
        return node;
    }

    PendingJob job(int index, int nodes) {
        PendingJob job;
        job.id = static_cast<JobId>(1000 - index);  // ids against submission order on purpose
        job.slots = pick(0, 20) == 0 ? 0 : pick(1, 6);
        job.pe = pick(0, 1) ? "mpi" : "";
        job.memory_per_slot = static_cast<std::uint64_t>(pick(0, 4)) * 128 * kMiB;
        if (pick(0, 9) == 0) job.node_patterns = {"pi" + std::to_string(pick(1, nodes + 1))};
        job.priority = pick(-2, 2);
        job.submit_time = pick(0, 10);
        return job;
    }

    std::mt19937 random_;
};

const NodeView* node_named(const Snapshot& snapshot, const std::string& name) {
    for (const NodeView& node : snapshot.nodes) {
        if (node.name == name) return &node;
    }
    return nullptr;
}

// Every placement is legal on its own and none overlaps another or a running job.
void expect_no_oversubscription(const Snapshot& snapshot, const Plan& result) {
    std::set<std::pair<std::string, int>> taken;
    std::map<std::string, std::uint64_t> reserved;
    std::map<JobId, const PendingJob*> jobs;
    for (const PendingJob& job : snapshot.pending)
        jobs[job.id] = &job;
    for (const Placement& placement : result.placements) {
        const PendingJob& job = *jobs.at(placement.id);
        ASSERT_EQ(placement.allocation.grants.size(), 1U) << "pe_slots: one node";
        const NodeGrant& grant = placement.allocation.grants[0];
        const NodeView* node = node_named(snapshot, grant.node);
        ASSERT_NE(node, nullptr) << grant.node;
        EXPECT_TRUE(node->up) << grant.node;
        if (!job.node_patterns.empty()) {
            EXPECT_EQ(grant.node, job.node_patterns.front());
        }
        EXPECT_EQ(grant.slots(), job.slots);
        EXPECT_EQ(grant.memory, job.memory_per_slot * static_cast<std::uint64_t>(job.slots));
        for (const int core : grant.cores) {
            ASSERT_TRUE(core >= 0 && core < node->cores) << grant.node << " core " << core;
            EXPECT_FALSE(node->core_busy[static_cast<std::size_t>(core)]) << "busy core " << core;
            EXPECT_TRUE(taken.emplace(grant.node, core).second) << "core given twice: " << core;
        }
        reserved[grant.node] += grant.memory;
        EXPECT_LE(reserved[grant.node], node->memory_free) << grant.node << " memory exceeded";
    }
}

// Each pending job is either placed or has a reason, exactly once.
void expect_every_job_accounted_for(const Snapshot& snapshot, const Plan& result) {
    std::multiset<JobId> seen;
    for (const Placement& placement : result.placements)
        seen.insert(placement.id);
    for (const PendingReason& reason : result.reasons) {
        seen.insert(reason.id);
        EXPECT_FALSE(reason.reason.empty()) << "job " << reason.id << " has no reason";
    }
    std::multiset<JobId> pending;
    for (const PendingJob& job : snapshot.pending)
        pending.insert(job.id);
    EXPECT_EQ(seen, pending);
}

// Resources only shrink during a pass, so if a job fits what is left at the end it fitted at its
// turn too: a waiting job that fits the leftovers was wrongly passed over.
void expect_no_job_left_waiting_that_fits(const Snapshot& snapshot, const Plan& result) {
    std::map<std::string, std::pair<int, std::uint64_t>> left;  // free cores, free memory
    for (const NodeView& node : snapshot.nodes) {
        if (!node.up || left.count(node.name) != 0) continue;
        const auto busy = std::count(node.core_busy.begin(), node.core_busy.end(), true);
        left[node.name] = {node.cores - static_cast<int>(busy), node.memory_free};
    }
    for (const Placement& placement : result.placements) {
        const NodeGrant& grant = placement.allocation.grants.at(0);
        left[grant.node].first -= grant.slots();
        left[grant.node].second -= grant.memory;
    }
    std::map<JobId, const PendingJob*> jobs;
    for (const PendingJob& job : snapshot.pending)
        jobs[job.id] = &job;
    for (const PendingReason& reason : result.reasons) {
        const PendingJob& job = *jobs.at(reason.id);
        if (job.slots < 1) continue;
        const std::uint64_t memory = job.memory_per_slot * static_cast<std::uint64_t>(job.slots);
        for (const auto& [name, free] : left) {
            if (!job.node_patterns.empty() && job.node_patterns.front() != name) continue;
            EXPECT_FALSE(free.first >= job.slots && free.second >= memory)
                << "job " << job.id << " waits (" << reason.reason << ") but fits " << name;
        }
    }
}

TEST(PlanProperties, HoldOverRandomSnapshots) {
    RandomSnapshots snapshots(20240601);
    for (int round = 0; round < 1000; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        Snapshot snapshot = snapshots.next();
        const Plan result = plan(snapshot, round);
        expect_no_oversubscription(snapshot, result);
        expect_every_job_accounted_for(snapshot, result);
        expect_no_job_left_waiting_that_fits(snapshot, result);

        // The same input, and the same jobs listed in another order, give the same plan.
        EXPECT_EQ(testing::plan_lines(plan(snapshot, round)), testing::plan_lines(result));
        std::shuffle(snapshot.pending.begin(), snapshot.pending.end(), snapshots.engine());
        EXPECT_EQ(testing::plan_lines(plan(snapshot, round)), testing::plan_lines(result));
        if (::testing::Test::HasFailure()) break;  // one reproducible round is enough to read
    }
}

TEST(PlanProperties, AJobThatCouldNeverRunIsNeverPlaced) {
    RandomSnapshots snapshots(7);
    for (int round = 0; round < 500; ++round) {
        const Snapshot snapshot = snapshots.next();
        const Plan result = plan(snapshot, 0);
        for (const Placement& placement : result.placements) {
            const auto job =
                std::find_if(snapshot.pending.begin(), snapshot.pending.end(),
                             [&](const PendingJob& j) { return j.id == placement.id; });
            ASSERT_NE(job, snapshot.pending.end());
            const Status ever = could_ever_run(*job, snapshot.nodes);
            EXPECT_TRUE(ever.ok()) << "round " << round << ", job " << job->id << ": "
                                   << (ever.ok() ? "" : ever.message());
        }
    }
}

}  // namespace
}  // namespace bramble::policy
