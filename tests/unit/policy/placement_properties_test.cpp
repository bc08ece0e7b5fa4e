// Invariants of placement over many random clusters and jobs with every allocation rule, node
// patterns, labels, GPIO lines, consumables and exclusivity (fixed seed, so a failure reproduces):
// nothing over-subscribed, each grant what the rule and the request say, exclusivity respected,
// and the same input gives the same plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plan_text.hpp"
#include "policy/node_pattern.hpp"
#include "policy/planner.hpp"

namespace bramble::policy {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;

class RandomClusters {
  public:
    explicit RandomClusters(unsigned seed) : random_(seed) {}

    Snapshot next() {
        Snapshot snapshot;
        const int nodes = pick(1, 8);
        for (int i = 0; i < nodes; ++i)
            snapshot.nodes.push_back(node(i));
        const int jobs = pick(0, 25);
        for (int i = 0; i < jobs; ++i)
            snapshot.pending.push_back(job(i));
        return snapshot;
    }

    std::mt19937& engine() { return random_; }

  private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
    bool one_in(int n) { return pick(1, n) == 1; }

    NodeView node(int index) {
        NodeView node;
        node.name = "pi" + std::to_string(index + 1);
        node.up = !one_in(10);
        node.cores = pick(1, 6);
        for (int core = 0; core < node.cores; ++core)
            node.core_busy.push_back(one_in(3));
        node.memory = static_cast<std::uint64_t>(pick(1, 16)) * 256 * kMiB;
        node.memory_free = node.memory / 16 * static_cast<std::uint64_t>(pick(8, 16));
        node.labels["role"] = one_in(2) ? "web" : "db";
        for (const char* line : {"fan", "led", "pump"}) {
            if (!one_in(3)) continue;
            node.gpio.emplace_back(line);
            if (one_in(4)) node.gpio_busy.emplace_back(line);
        }
        if (one_in(2)) {
            node.consumables["gpu"] = static_cast<std::uint64_t>(pick(1, 3));
            node.consumables_free["gpu"] =
                static_cast<std::uint64_t>(pick(0, 1)) * node.consumables["gpu"];
        }
        const bool busy = std::count(node.core_busy.begin(), node.core_busy.end(), true) > 0;
        node.running_jobs = busy ? pick(1, 2) : 0;
        node.exclusive = busy && one_in(6);
        return node;
    }

    PendingJob job(int index) {
        static constexpr AllocationRule::Kind kKinds[] = {
            AllocationRule::Kind::PeSlots, AllocationRule::Kind::FillUp,
            AllocationRule::Kind::RoundRobin, AllocationRule::Kind::PerNode};
        PendingJob job;
        job.id = static_cast<JobId>(500 - index);
        job.user = "pi";
        job.rule.kind = kKinds[pick(0, 3)];
        job.rule.per_node = pick(1, 3);
        job.pe = job.rule.kind == AllocationRule::Kind::PeSlots && one_in(2) ? "" : "mpi";
        job.slots = pick(1, 8);
        job.slots_max = one_in(2) ? 0 : job.slots + pick(0, 6);
        job.memory_per_slot = static_cast<std::uint64_t>(pick(0, 3)) * 128 * kMiB;
        job.memory_per_job = one_in(4) ? 256 * kMiB : 0;
        if (one_in(5)) job.node_patterns = {one_in(2) ? "pi[1-4]" : "pi?|pi8"};
        if (one_in(6)) job.labels["role"] = "db";
        job.exclusive = one_in(8);
        if (one_in(6)) job.gpio = {one_in(2) ? "fan" : "led"};
        if (one_in(5)) job.consumables_per_slot["gpu"] = 1;
        if (one_in(6)) job.consumables_per_job["gpu"] = 1;
        job.priority = pick(-2, 2);
        job.submit_time = pick(0, 10);
        return job;
    }

    std::mt19937 random_;
};

const NodeView& node_named(const Snapshot& snapshot, const std::string& name) {
    const auto found = std::find_if(snapshot.nodes.begin(), snapshot.nodes.end(),
                                    [&](const NodeView& node) { return node.name == name; });
    EXPECT_NE(found, snapshot.nodes.end()) << name;
    return *found;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// What the whole plan holds on each node, to compare with what was free.
struct Held {
    std::set<std::pair<std::string, int>> cores;
    std::map<std::string, std::uint64_t> memory;
    std::map<std::pair<std::string, std::string>, std::uint64_t> consumables;
    std::set<std::pair<std::string, std::string>> lines;
    std::map<std::string, int> jobs;
    std::set<std::string> exclusive;
};

// The allocation's shape follows the rule and the slot range.
void expect_rule_shape(const PendingJob& job, const Allocation& allocation) {
    const int most = std::max(job.slots, job.slots_max);
    EXPECT_GE(allocation.slots(), job.slots);
    EXPECT_LE(allocation.slots(), most);
    std::set<std::string> nodes;
    for (const NodeGrant& grant : allocation.grants) {
        EXPECT_TRUE(nodes.insert(grant.node).second) << "node used twice: " << grant.node;
        EXPECT_GE(grant.slots(), 1);
        if (job.rule.kind == AllocationRule::Kind::PerNode) {
            EXPECT_EQ(grant.slots(), job.rule.per_node);
        }
    }
    if (job.rule.kind == AllocationRule::Kind::PeSlots) {
        EXPECT_EQ(allocation.grants.size(), 1U);
    }
    EXPECT_EQ(allocation.exclusive, job.exclusive);
}

// One grant holds exactly what the request says for its share, on a node it may use.
void expect_grant(const PendingJob& job, const NodeGrant& grant, bool master,
                  const NodeView& node) {
    EXPECT_TRUE(node.up);
    EXPECT_TRUE(matches_any(job.node_patterns, node.name)) << node.name;
    for (const auto& [key, value] : job.labels) {
        EXPECT_EQ(node.labels.count(key) ? node.labels.at(key) : "", value);
    }
    const auto slots = static_cast<std::uint64_t>(grant.slots());
    EXPECT_EQ(grant.memory, job.memory_per_slot * slots + (master ? job.memory_per_job : 0));
    std::map<std::string, std::uint64_t> consumables;
    for (const auto& [name, amount] : job.consumables_per_slot)
        consumables[name] += amount * slots;
    for (const auto& [name, amount] : job.consumables_per_job)
        consumables[name] += master ? amount : 0;
    std::erase_if(consumables, [](const auto& entry) { return entry.second == 0; });
    EXPECT_EQ(grant.consumables, consumables);
    EXPECT_EQ(grant.gpio, master ? job.gpio : std::vector<std::string>{});
}

void hold(const NodeGrant& grant, const NodeView& node, bool exclusive, Held& held) {
    for (const int core : grant.cores) {
        ASSERT_TRUE(core >= 0 && core < node.cores) << grant.node << " core " << core;
        EXPECT_FALSE(node.core_busy[static_cast<std::size_t>(core)]) << "busy core " << core;
        EXPECT_TRUE(held.cores.emplace(grant.node, core).second) << "core given twice: " << core;
    }
    held.memory[grant.node] += grant.memory;
    EXPECT_LE(held.memory[grant.node], node.memory_free) << grant.node << " memory exceeded";
    for (const auto& [name, amount] : grant.consumables) {
        const std::uint64_t total = held.consumables[{grant.node, name}] += amount;
        const auto free = node.consumables_free.find(name);
        ASSERT_NE(free, node.consumables_free.end()) << grant.node << " has no " << name;
        EXPECT_LE(total, free->second) << grant.node << " " << name << " exceeded";
    }
    for (const std::string& line : grant.gpio) {
        EXPECT_TRUE(has(node.gpio, line)) << grant.node << " has no line " << line;
        EXPECT_FALSE(has(node.gpio_busy, line)) << "busy line " << line;
        EXPECT_TRUE(held.lines.emplace(grant.node, line).second) << "line given twice: " << line;
    }
    EXPECT_FALSE(node.exclusive) << grant.node << " is held by an exclusive job";
    if (exclusive) {
        EXPECT_EQ(node.running_jobs, 0) << grant.node << " runs jobs";
        EXPECT_EQ(held.jobs[grant.node], 0) << grant.node << " already has a job of this pass";
        held.exclusive.insert(grant.node);
    } else {
        EXPECT_EQ(held.exclusive.count(grant.node), 0U) << grant.node << " is held exclusively";
    }
    ++held.jobs[grant.node];
}

void expect_sound_placements(const Snapshot& snapshot, const Plan& result) {
    std::map<JobId, const PendingJob*> jobs;
    for (const PendingJob& job : snapshot.pending)
        jobs[job.id] = &job;
    Held held;
    for (const Placement& placement : result.placements) {
        SCOPED_TRACE("job " + std::to_string(placement.id) + ": " +
                     testing::allocation_text(placement.allocation));
        const PendingJob& job = *jobs.at(placement.id);
        expect_rule_shape(job, placement.allocation);
        for (std::size_t i = 0; i < placement.allocation.grants.size(); ++i) {
            const NodeGrant& grant = placement.allocation.grants[i];
            const NodeView& node = node_named(snapshot, grant.node);
            expect_grant(job, grant, i == 0, node);
            hold(grant, node, placement.allocation.exclusive, held);
        }
    }
}

TEST(PlacementProperties, HoldOverRandomClusters) {
    RandomClusters clusters(20240611);
    int placed = 0;
    for (int round = 0; round < 1500; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        Snapshot snapshot = clusters.next();
        const Plan result = plan(snapshot, 0);
        placed += static_cast<int>(result.placements.size());
        expect_sound_placements(snapshot, result);
        EXPECT_EQ(result.placements.size() + result.reasons.size(), snapshot.pending.size());
        for (const PendingReason& reason : result.reasons) {
            EXPECT_FALSE(reason.reason.empty()) << "job " << reason.id;
        }

        EXPECT_EQ(testing::plan_lines(plan(snapshot, 0)), testing::plan_lines(result));
        std::shuffle(snapshot.pending.begin(), snapshot.pending.end(), clusters.engine());
        EXPECT_EQ(testing::plan_lines(plan(snapshot, 0)), testing::plan_lines(result));
        if (::testing::Test::HasFailure()) break;  // one reproducible round is enough to read
    }
    EXPECT_GT(placed, 1000) << "the generator should place plenty of jobs";
}

TEST(PlacementProperties, WhatCouldNeverRunIsNeverPlaced) {
    RandomClusters clusters(11);
    for (int round = 0; round < 500; ++round) {
        const Snapshot snapshot = clusters.next();
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
