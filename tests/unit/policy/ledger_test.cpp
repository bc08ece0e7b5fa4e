// The ledger: take and release are each other's inverse, verify refuses every kind of conflict
// with a sentence that names it, agrees with the planner on the plans it makes, and usage decays
// as the scheduler has always charged it.
#include "policy/ledger.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builders.hpp"
#include "policy/planner.hpp"

namespace bramble::policy {
namespace {

using testing::bytes;
using testing::JobBuilder;
using testing::NodeBuilder;

// A grant of `cores` on `node`, with what else the test adds.
NodeGrant on(const std::string& node, std::vector<int> cores, const std::string& memory = "0") {
    NodeGrant grant;
    grant.node = node;
    grant.cores = std::move(cores);
    grant.memory = memory == "0" ? 0 : bytes(memory);
    return grant;
}

Allocation of(std::vector<NodeGrant> grants, bool exclusive = false) {
    return Allocation{std::move(grants), exclusive};
}

std::string verdict(const Ledger& ledger, const PendingJob& job, const Allocation& allocation) {
    const Status status = ledger.verify(request_of(job), allocation);
    return status ? "ok" : status.message();
}

// What the snapshot says is held, one line, to compare before and after.
std::string held(const NodeView& node) {
    std::string cores;
    for (const bool busy : node.core_busy)
        cores += busy ? '1' : '0';
    std::string text = node.name + " cores " + cores + " free " + std::to_string(node.memory_free);
    for (const auto& [name, free] : node.consumables_free)
        text += " " + name + " " + std::to_string(free);
    for (const auto& line : node.gpio_busy)
        text += " line " + line;
    text += " jobs " + std::to_string(node.running_jobs);
    return text + (node.exclusive ? " exclusive" : "");
}

TEST(Ledger, TakeThenReleaseGivesEverythingBack) {
    const NodeView pi03 =
        NodeBuilder("pi03").cores(4).memory("4G").consumable("gpu", 2).gpio({"fan", "led"});
    Ledger ledger({pi03});
    const std::string before = held(ledger.snapshot().front());

    NodeGrant grant = on("pi03", {0, 1}, "1G");
    grant.consumables["gpu"] = 1;
    grant.gpio = {"fan"};
    const Allocation allocation = of({grant}, true);
    ledger.take(allocation);
    // 4G - 1G = 3G free, gpu 2 - 1 = 1 free, fan held, the node held exclusively by one job
    EXPECT_EQ(
        held(ledger.snapshot().front()),
        "pi03 cores 1100 free " + std::to_string(bytes("3G")) + " gpu 1 line fan jobs 1 exclusive");

    ledger.release(allocation);
    EXPECT_EQ(held(ledger.snapshot().front()), before);
}

TEST(Ledger, NeverGoesBelowZeroOrPastCapacity) {
    Ledger ledger({NodeBuilder("pi01").cores(2).memory("1G").consumable("gpu", 1)});
    const std::string before = held(ledger.snapshot().front());
    NodeGrant grant = on("pi01", {0}, "2G");
    grant.consumables["gpu"] = 5;
    ledger.take(of({grant}));
    EXPECT_EQ(held(ledger.snapshot().front()), "pi01 cores 10 free 0 gpu 0 jobs 1");
    ledger.release(of({grant}));
    // Giving back 2G and 5 gpu stops at the node's 1G and 1 gpu.
    ledger.release(of({grant}));
    EXPECT_EQ(held(ledger.snapshot().front()), before);
}

TEST(Ledger, BuiltFromASnapshotGivesTheSameSnapshot) {
    const std::vector<NodeView> nodes = {
        NodeBuilder("pi01").cores(4).memory("1G").busy({0, 2}).used("512M").running(2),
        NodeBuilder("pi03")
            .cores(2)
            .memory("2G")
            .gpio({"fan", "led"})
            .gpio_busy({"led"})
            .consumable("gpu", 2, 1)
            .exclusive()};
    const auto again = Ledger(nodes).snapshot();
    ASSERT_EQ(again.size(), 2U);
    EXPECT_EQ(held(again[0]), held(nodes[0]));
    EXPECT_EQ(held(again[1]), held(nodes[1]));
}

struct Refusal {
    const char* name;
    NodeView node;
    PendingJob job;
    Allocation allocation;
    std::string expected;
};

TEST(Ledger, VerifyRefusesEachConflictAndSaysWhich) {
    NodeGrant gpu = on("pi01", {0});
    gpu.consumables["gpu"] = 1;
    NodeGrant fan = on("pi03", {0});
    fan.gpio = {"fan"};
    const NodeView pi01 = NodeBuilder("pi01").cores(4).memory("1G");
    const Refusal cases[] = {
        {"fits", pi01, JobBuilder(1), of({on("pi01", {0})}), "ok"},
        {"a busy core", NodeBuilder("pi01").cores(4).busy({1}), JobBuilder(1).slots(2),
         of({on("pi01", {0, 1})}), "core 1 of node pi01 is already in use"},
        {"too few free cores: 3 of 4 busy", NodeBuilder("pi01").cores(4).busy({0, 1, 2}),
         JobBuilder(1).slots(2), of({on("pi01", {2, 3})}),
         "node pi01 has 1 free of 4 cores; the job needs 2 there"},
        {"a core the node does not have", pi01, JobBuilder(1), of({on("pi01", {7})}),
         "node pi01 has no core 7 (it has 4 cores)"},
        {"memory: 1G - 768M = 256M free", NodeBuilder("pi01").cores(4).memory("1G").used("768M"),
         JobBuilder(1).memory("512M"), of({on("pi01", {0}, "512M")}),
         "node pi01 has 256.0M free of 1.0G; the job needs 512.0M there"},
        {"a consumable in use", NodeBuilder("pi01").cores(4).consumable("gpu", 1, 0),
         JobBuilder(1).per_job("gpu", 1), of({gpu}),
         "node pi01 has 0 gpu free of 1; the job needs 1 there"},
        {"a GPIO line held", NodeBuilder("pi03").cores(4).gpio({"fan"}).gpio_busy({"fan"}),
         JobBuilder(1).gpio({"fan"}), of({fan}),
         "GPIO line fan on node pi03 is held by another job"},
        {"a node held by an exclusive job", NodeBuilder("pi01").cores(4).busy({3}).exclusive(),
         JobBuilder(1), of({on("pi01", {0})}), "node pi01 is held by an exclusive job"},
        {"an exclusive job on a busy node", NodeBuilder("pi01").cores(4).busy({3}).running(1),
         JobBuilder(1).exclusive(), of({on("pi01", {0})}, true),
         "node pi01 runs 1 job and the job needs it alone"},
        {"a node down or resting", NodeBuilder("pi01").cores(4).down(), JobBuilder(1),
         of({on("pi01", {0})}), "node pi01 is not taking jobs (down, or resting after an error)"},
        {"a node not in the cluster", pi01, JobBuilder(1), of({on("pi09", {0})}),
         "node pi09 is not in the cluster"},
        {"too few slots", pi01, JobBuilder(1).slots(2), of({on("pi01", {0})}),
         "the plan gave it 1 slot; it asks for 2"},
        {"no node", pi01, JobBuilder(1), of({}), "the plan gave it no node"},
        {"a node twice", pi01, JobBuilder(1).pe("mpi").fill_up().slots(2),
         of({on("pi01", {0}), on("pi01", {1})}), "the plan names node pi01 twice"},
        {"a core twice", pi01, JobBuilder(1).slots(2), of({on("pi01", {0, 0})}),
         "the plan names core 0 of node pi01 twice"},
        {"the wrong node", pi01, JobBuilder(1).pin("pi02"), of({on("pi01", {0})}),
         "node pi01: not the node the job is pinned to"},
    };
    for (const Refusal& refusal : cases) {
        const std::vector<NodeView> nodes = {refusal.node};
        EXPECT_EQ(verdict(Ledger(nodes), refusal.job, refusal.allocation), refusal.expected)
            << refusal.name;
    }
}

TEST(Ledger, VerifyRefusesANodeThatMayStillRunAnEarlierRun) {
    PendingJob job = JobBuilder(1);
    job.abandoned_on = {"pi01"};
    EXPECT_EQ(verdict(Ledger({NodeBuilder("pi01").cores(4)}), job, of({on("pi01", {0})})),
              "node pi01: an earlier run of the job may still be on this lost node");
}

TEST(Ledger, VerifyCountsWhatWasTakenSince) {
    // Two jobs of one line, planned from the same snapshot: once the first is taken, the second
    // no longer fits.
    Ledger ledger({NodeBuilder("pi03").cores(4).gpio({"fan"})});
    NodeGrant first = on("pi03", {0});
    first.gpio = {"fan"};
    NodeGrant second = on("pi03", {1});
    second.gpio = {"fan"};
    const PendingJob job = JobBuilder(1).gpio({"fan"});
    EXPECT_EQ(verdict(ledger, job, of({first})), "ok");
    ledger.take(of({first}));
    EXPECT_EQ(verdict(ledger, job, of({second})),
              "GPIO line fan on node pi03 is held by another job");
    ledger.release(of({first}));
    EXPECT_EQ(verdict(ledger, job, of({second})), "ok");
}

TEST(Ledger, VerifyAcceptsEveryPlacementOfAPassInItsOrder) {
    // The planner's pass and the applier's check are the same arithmetic: every placement of a
    // mixed plan fits when taken in start order, and fits no more once taken.
    Snapshot snapshot;
    snapshot.nodes = {
        NodeBuilder("pi01").cores(4).memory("2G").busy({0}).used("256M").running(1),
        NodeBuilder("pi02").cores(4).memory("2G"),
        NodeBuilder("pi03").cores(4).memory("2G").gpio({"fan", "led"}).consumable("gpu", 2),
        NodeBuilder("pi04").cores(2).memory("1G")};
    snapshot.pending = {
        JobBuilder(1).gpio({"fan"}),
        JobBuilder(2).per_slot("gpu", 1).slots(2).memory("256M"),
        JobBuilder(3).exclusive().slots(2),
        JobBuilder(4).pe("mpi").fill_up().slots(3).memory("128M").job_memory("256M"),
        JobBuilder(5).pe("mpi").round_robin().slots(2),
        JobBuilder(6).gpio({"fan"}),
        JobBuilder(7).slots(3)};
    const Plan plan = policy::plan(snapshot, 1000);
    ASSERT_GE(plan.placements.size(), 5U);
    Ledger ledger(snapshot.nodes);
    for (const Placement& placement : plan.placements) {
        const PendingJob& job = snapshot.pending[placement.id - 1];
        EXPECT_EQ(verdict(ledger, job, placement.allocation), "ok") << "job " << placement.id;
        ledger.take(placement.allocation);
        EXPECT_NE(verdict(ledger, job, placement.allocation), "ok") << "job " << placement.id;
    }
}

TEST(Ledger, UsageDecaysAsTheSchedulerChargesIt) {
    Ledger ledger(std::vector<NodeView>{}, 100);  // half-life 100 s
    ledger.accrue("ann", 100, 0);
    EXPECT_DOUBLE_EQ(ledger.usage(100).at("ann"), 50);  // one half-life later
    EXPECT_DOUBLE_EQ(ledger.usage(200).at("ann"), 25);  // two
    ledger.accrue("ann", 10, 100);                      // 50 + 10, as of 100
    EXPECT_DOUBLE_EQ(ledger.usage(100).at("ann"), 60);
    ledger.accrue("ann", 10, 50);  // an amount dated before the usage counts whole
    EXPECT_DOUBLE_EQ(ledger.usage(100).at("ann"), 70);
    EXPECT_DOUBLE_EQ(ledger.usage(50).at("ann"), 70);  // and time never runs backwards
    EXPECT_FALSE(ledger.usage(100).contains("bob"));

    Ledger forever(std::vector<NodeView>{}, 0);  // a half-life of 0: usage never fades
    forever.accrue("bob", 30, 0);
    EXPECT_DOUBLE_EQ(forever.usage(1'000'000).at("bob"), 30);
}

}  // namespace
}  // namespace bramble::policy
