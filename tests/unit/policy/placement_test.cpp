// Where WorkingCluster::place puts a job under each allocation rule and constraint, and what take()
// and release() hold and give back. Allocations read as "pi02 [0,1] 512.0M gpu=1 gpio=fan", the
// master first.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builders.hpp"
#include "plan_text.hpp"
#include "policy/working_cluster.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;
using testing::NodeBuilder;

std::string placed(const WorkingCluster& cluster, const PendingJob& job) {
    const auto allocation = cluster.place(request_of(job));
    return allocation ? testing::allocation_text(*allocation) : "none";
}

struct PlaceCase {
    const char* name;
    std::vector<NodeView> nodes;
    PendingJob job;
    const char* expected;
};

void expect_placements(const std::vector<PlaceCase>& cases) {
    for (const auto& [name, nodes, job, expected] : cases) {
        EXPECT_EQ(placed(WorkingCluster(nodes), job), expected) << name;
    }
}

TEST(Placement, PeSlotsPutsEverySlotOnOneNode) {
    const NodeView idle = NodeBuilder("pi01").cores(4).memory("1G");
    const NodeView half = NodeBuilder("pi02").cores(4).memory("1G").busy({0, 1});
    expect_placements({
        {"best fit: the node with the fewest free cores",
         {idle, half},
         JobBuilder(1).slots(2),
         "pi02 [2,3] 0"},
        {"a range takes the node giving the most",
         {half, idle},
         JobBuilder(1).slots(2, 8),
         "pi01 [0,1,2,3] 0"},
        // 2 x 256M + 512M for the job = 1.0G
        {"per-job memory on the node",
         {idle},
         JobBuilder(1).slots(2).memory("256M").job_memory("512M"),
         "pi01 [0,1] 1.0G"},
        {"too wide for any node", {idle, half}, JobBuilder(1).slots(5), "none"},
        {"pe_slots never spans nodes", {half, half}, JobBuilder(1).pe("smp").slots(3), "none"},
    });
}

TEST(Placement, FillUpFillsTheNodesWithMostFreeSlotsFirst) {
    const NodeView pi01 = NodeBuilder("pi01").cores(4).memory("4G").busy({0, 1}).gpio({"fan"});
    const NodeView pi02 = NodeBuilder("pi02").cores(4).memory("4G");
    const NodeView pi03 = NodeBuilder("pi03").cores(4).memory("4G").busy({0});
    expect_placements({
        // free: pi01 2, pi02 4, pi03 3
        {"6 slots: pi02 then pi03",
         {pi01, pi02, pi03},
         JobBuilder(1).fill_up().slots(6),
         "pi02 [0,1,2,3] 0 pi03 [1,2] 0"},
        {"a range takes all 9 free",
         {pi01, pi02, pi03},
         JobBuilder(1).fill_up().slots(6, 20),
         "pi02 [0,1,2,3] 0 pi03 [1,2,3] 0 pi01 [2,3] 0"},
        {"10 slots, 9 free", {pi01, pi02, pi03}, JobBuilder(1).fill_up().slots(10), "none"},
        {"the node with the GPIO line is the master",
         {pi01, pi02, pi03},
         JobBuilder(1).fill_up().slots(6).gpio({"fan"}),
         "pi01 [2,3] 0 gpio=fan pi02 [0,1,2,3] 0"},
        // 1G per slot: pi02 holds 4 (4G), pi04 1 (1G)
        {"memory per slot on each node",
         {pi02, NodeBuilder("pi04").cores(4).memory("1G")},
         JobBuilder(1).fill_up().slots(5).memory("1G"),
         "pi02 [0,1,2,3] 4.0G pi04 [0] 1.0G"},
    });
}

TEST(Placement, RoundRobinGivesOneSlotPerNodeInTurn) {
    const NodeView pi01 = NodeBuilder("pi01").cores(4);
    const NodeView pi02 = NodeBuilder("pi02").cores(4).busy({0, 1, 2});
    const NodeView pi03 = NodeBuilder("pi03").cores(4);
    expect_placements({
        {"5 slots over 3 nodes",
         {pi01, NodeBuilder("pi02").cores(4), pi03},
         JobBuilder(1).round_robin().slots(5),
         "pi01 [0,1] 0 pi02 [0,1] 0 pi03 [0] 0"},
        {"a full node drops out of the turn",
         {pi01, pi02, pi03},
         JobBuilder(1).round_robin().slots(5),
         "pi01 [0,1] 0 pi02 [3] 0 pi03 [0,1] 0"},
        {"a range takes every free core",
         {pi01, pi02},
         JobBuilder(1).round_robin().slots(2, 64),
         "pi01 [0,1,2,3] 0 pi02 [3] 0"},
        {"more than is free", {pi02}, JobBuilder(1).round_robin().slots(2), "none"},
    });
}

TEST(Placement, PerNodePutsExactlyNOnEachNodeUsed) {
    const NodeView pi01 = NodeBuilder("pi01").cores(4);
    const NodeView pi02 = NodeBuilder("pi02").cores(4).busy({0, 1, 2});
    const NodeView pi03 = NodeBuilder("pi03").cores(2);
    expect_placements({
        {"4 slots, 2 per node; pi02 has 1 free",
         {pi01, pi02, pi03},
         JobBuilder(1).per_node(2).slots(4),
         "pi01 [0,1] 0 pi03 [0,1] 0"},
        {"a range: the most multiple of 2 that fits",
         {pi01, pi02, pi03},
         JobBuilder(1).per_node(2).slots(2, 7),
         "pi01 [0,1] 0 pi03 [0,1] 0"},
        {"6 slots need 3 nodes with 2 free",
         {pi01, pi02, pi03},
         JobBuilder(1).per_node(2).slots(6),
         "none"},
        {"5 is not a multiple of 2", {pi01, pi03}, JobBuilder(1).per_node(2).slots(5), "none"},
    });
}

TEST(Placement, ConstraintsChooseTheNodes) {
    const NodeView pi01 = NodeBuilder("pi01").cores(2).memory("1G");
    const NodeView pi02 = NodeBuilder("pi02").cores(2).memory("1G").label("role", "db");
    const NodeView pi03 = NodeBuilder("pi03").cores(2).memory("1G").consumable("gpu", 2);
    const NodeView busy = NodeBuilder("pi04").cores(4).busy({0}).running(1);
    expect_placements({
        {"patterns",
         {pi01, pi02, pi03, busy},
         JobBuilder(1).fill_up().slots(4).nodes({"pi0[2-3]"}),
         "pi02 [0,1] 0 pi03 [0,1] 0"},
        {"label", {pi01, pi02}, JobBuilder(1).label("role", "db"), "pi02 [0] 0"},
        {"no node has the label", {pi01, pi02}, JobBuilder(1).label("role", "web"), "none"},
        {"exclusive: an idle node",
         {busy, pi01},
         JobBuilder(1).exclusive(),
         "pi01 [0] 0 exclusive"},
        {"exclusive: every node runs jobs", {busy}, JobBuilder(1).exclusive(), "none"},
        {"consumable per slot",
         {pi01, pi03},
         JobBuilder(1).slots(2).per_slot("gpu", 1),
         "pi03 [0,1] 0 gpu=2"},
        {"consumable per job on the master only",
         {NodeBuilder("pi01").cores(4), pi03},
         JobBuilder(1).fill_up().slots(6).per_job("gpu", 1),
         "pi03 [0,1] 0 gpu=1 pi01 [0,1,2,3] 0"},
        {"consumable busy",
         {NodeBuilder("pi03").cores(2).consumable("gpu", 2, 1)},
         JobBuilder(1).slots(2).per_slot("gpu", 1),
         "none"},
        {"GPIO line busy",
         {NodeBuilder("pi05").cores(2).gpio({"fan"}).gpio_busy({"fan"})},
         JobBuilder(1).gpio({"fan"}),
         "none"},
    });
}

TEST(Placement, TakeHoldsEverythingAndReleaseGivesItBack) {
    const std::vector<NodeView> nodes{
        NodeBuilder("pi01").cores(4).memory("2G").gpio({"fan"}).consumable("gpu", 1)};
    WorkingCluster cluster(nodes);
    const PendingJob job =
        JobBuilder(1).slots(2).memory("512M").gpio({"fan"}).per_slot("gpu", 0).per_job("gpu", 1);
    const auto allocation = cluster.place(request_of(job));
    ASSERT_TRUE(allocation);
    EXPECT_EQ(testing::allocation_text(*allocation), "pi01 [0,1] 1.0G gpu=1 gpio=fan");
    cluster.take(*allocation);
    const NodeState& node = cluster.nodes().front();
    EXPECT_EQ(node.free_cores, 2);
    EXPECT_EQ(node.memory_free, testing::bytes("1G"));
    EXPECT_EQ(node.consumables_free, std::vector<std::uint64_t>{0});
    EXPECT_EQ(node.gpio_busy, std::vector<bool>{true});
    EXPECT_EQ(node.running_jobs, 1);
    // The line and the gpu are held: the same job again does not fit, though 2 cores are free.
    EXPECT_EQ(placed(cluster, job), "none");
    EXPECT_EQ(placed(cluster, JobBuilder(2).slots(2)), "pi01 [2,3] 0");

    cluster.release(*allocation);
    EXPECT_EQ(node.free_cores, 4);
    EXPECT_EQ(node.memory_free, testing::bytes("2G"));
    EXPECT_EQ(node.consumables_free, std::vector<std::uint64_t>{1});
    EXPECT_EQ(node.gpio_busy, std::vector<bool>{false});
    EXPECT_EQ(node.running_jobs, 0);
    EXPECT_EQ(placed(cluster, job), "pi01 [0,1] 1.0G gpu=1 gpio=fan");
}

TEST(Placement, ANodeHeldExclusivelyTakesNothingElse) {
    const std::vector<NodeView> nodes{NodeBuilder("pi01").cores(4), NodeBuilder("pi02").cores(1)};
    WorkingCluster cluster(nodes);
    const auto exclusive = cluster.place(request_of(JobBuilder(1).exclusive()));
    ASSERT_TRUE(exclusive);
    EXPECT_EQ(testing::allocation_text(*exclusive), "pi02 [0] 0 exclusive");  // best fit
    cluster.take(*exclusive);
    // pi02 is full anyway; pi01 is free but an exclusive job cannot share pi02, and a second
    // exclusive job takes pi01 whole.
    EXPECT_EQ(placed(cluster, JobBuilder(2).exclusive().slots(2)), "pi01 [0,1] 0 exclusive");
    cluster.take(*cluster.place(request_of(JobBuilder(2).exclusive().slots(2))));
    EXPECT_EQ(placed(cluster, JobBuilder(3)), "none");
    EXPECT_EQ(cluster.idle_count(), 0U);
    cluster.release(*exclusive);
    EXPECT_EQ(placed(cluster, JobBuilder(3)), "pi02 [0] 0");
}

TEST(Placement, ACopyIsIndependent) {
    const std::vector<NodeView> nodes{NodeBuilder("pi01").cores(2).gpio({"fan"})};
    WorkingCluster cluster(nodes);
    WorkingCluster future = cluster;
    future.take(*future.place(request_of(JobBuilder(1).slots(2).gpio({"fan"}))));
    EXPECT_EQ(placed(future, JobBuilder(2)), "none");
    EXPECT_EQ(placed(cluster, JobBuilder(2).gpio({"fan"})), "pi01 [0] 0 gpio=fan");
}

}  // namespace
}  // namespace bramble::policy
