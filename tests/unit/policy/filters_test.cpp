// Each filter alone, then the chain: ok, not_now (busy or down) or never (too small, wrong node,
// wrong label, line not there).
#include "policy/filters/filters.hpp"

#include <gtest/gtest.h>

#include "builders.hpp"
#include "policy/working_cluster.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;
using testing::NodeBuilder;

struct FilterCase {
    const char* name;
    Filter filter;
    PendingJob job;
    NodeView node;
    Fit expected;
    Share share = {0, true};  // {0, ...}: the job's smallest share
};

// The node as the planner sees it at the start of a pass. The state views the snapshot's node (its
// name is a string_view), so the snapshot lives as long as the state is used.
class NodeAtPassStart {
  public:
    explicit NodeAtPassStart(const NodeView& node) : nodes_{node}, cluster_(nodes_) {}
    [[nodiscard]] const NodeState& state() const { return cluster_.nodes().front(); }

  private:
    std::vector<NodeView> nodes_;
    WorkingCluster cluster_;
};

void expect_verdicts(const std::vector<FilterCase>& cases) {
    for (const auto& [name, filter, job, node, expected, share] : cases) {
        const Request request = request_of(job);
        const Share asked = share.slots == 0 ? Share{smallest_share(request), share.master} : share;
        const Verdict verdict = filter(request, asked, NodeAtPassStart(node).state());
        EXPECT_EQ(verdict.fit, expected) << name << ": " << verdict.reason;
        EXPECT_EQ(verdict.reason.empty(), expected == Fit::Ok) << name << ": " << verdict.reason;
    }
}

TEST(Filters, CoresMemoryAndUp) {
    const NodeView pi01 = NodeBuilder("pi01").cores(4).memory("1G");
    const NodeView half_busy = NodeBuilder("pi01").cores(4).memory("1G").busy({0, 1}).used("768M");
    expect_verdicts({
        {"node up", &node_up, JobBuilder(1), pi01, Fit::Ok},
        {"node down", &node_up, JobBuilder(1), NodeBuilder("pi01").cores(4).down(), Fit::NotNow},
        {"4 of 4 free cores", &fits_cores, JobBuilder(1).slots(4), pi01, Fit::Ok},
        {"3 wanted, 2 free of 4", &fits_cores, JobBuilder(1).slots(3), half_busy, Fit::NotNow},
        {"5 wanted, node has 4", &fits_cores, JobBuilder(1).slots(5), pi01, Fit::Never},
        // fill_up's smallest share is one slot
        {"fill_up needs one core here", &fits_cores, JobBuilder(1).fill_up().slots(5), pi01,
         Fit::Ok},
        {"per_node 2 on 2 free", &fits_cores, JobBuilder(1).per_node(2).slots(6), half_busy,
         Fit::Ok},
        {"no memory asked", &fits_memory, JobBuilder(1).slots(4), half_busy, Fit::Ok},
        // 4 x 256M = 1G: exactly the node's memory
        {"exactly all memory", &fits_memory, JobBuilder(1).slots(4).memory("256M"), pi01, Fit::Ok},
        // 2 x 256M = 512M > 1G - 768M = 256M free
        {"memory busy", &fits_memory, JobBuilder(1).slots(2).memory("256M"), half_busy,
         Fit::NotNow},
        // 4 x 257M = 1028M > 1024M
        {"memory too small", &fits_memory, JobBuilder(1).slots(4).memory("257M"), pi01, Fit::Never},
        // master: 1 x 256M + 1G per job > 1G; another node holds no per-job memory
        {"per-job memory on the master",
         &fits_memory,
         JobBuilder(1).fill_up().memory("256M").job_memory("1G"),
         pi01,
         Fit::Never,
         {1, true}},
        {"no per-job memory elsewhere",
         &fits_memory,
         JobBuilder(1).fill_up().memory("256M").job_memory("1G"),
         pi01,
         Fit::Ok,
         {1, false}},
    });
}

TEST(Filters, PatternsLabelsAndExclusivity) {
    const NodeView pi02 = NodeBuilder("pi02").cores(4).label("role", "web");
    expect_verdicts({
        {"no pattern, any node", &node_pattern, JobBuilder(1), pi02, Fit::Ok},
        {"pinned here", &node_pattern, JobBuilder(1).pin("pi02"), pi02, Fit::Ok},
        {"pinned elsewhere", &node_pattern, JobBuilder(1).pin("pi03"), pi02, Fit::Never},
        {"range matches", &node_pattern, JobBuilder(1).nodes({"pi0[1-3]"}), pi02, Fit::Ok},
        {"range misses", &node_pattern, JobBuilder(1).nodes({"pi0[3-5]"}), pi02, Fit::Never},
        {"second pattern matches", &node_pattern, JobBuilder(1).nodes({"gpu*", "pi?2"}), pi02,
         Fit::Ok},
        {"alternative matches", &node_pattern, JobBuilder(1).nodes({"gpu*|pi02"}), pi02, Fit::Ok},
        {"label equal", &labels, JobBuilder(1).label("role", "web"), pi02, Fit::Ok},
        {"label differs", &labels, JobBuilder(1).label("role", "db"), pi02, Fit::Never},
        {"label missing", &labels, JobBuilder(1).label("disk", "ssd"), pi02, Fit::Never},
        {"idle node, exclusive job", &exclusive, JobBuilder(1).exclusive(), pi02, Fit::Ok},
        {"busy node, exclusive job", &exclusive, JobBuilder(1).exclusive(),
         NodeBuilder("pi02").cores(4).running(1), Fit::NotNow},
        {"busy node, shared job", &exclusive, JobBuilder(1),
         NodeBuilder("pi02").cores(4).running(1), Fit::Ok},
        {"node held exclusively", &exclusive, JobBuilder(1),
         NodeBuilder("pi02").cores(4).exclusive(), Fit::NotNow},
    });
}

TEST(Filters, GpioLinesAndConsumables) {
    const NodeView pi03 = NodeBuilder("pi03")
                              .cores(4)
                              .gpio({"fan", "led"})
                              .gpio_busy({"led"})
                              .consumable("gpu", 2, 1);
    expect_verdicts({
        {"free line", &gpio_lines, JobBuilder(1).gpio({"fan"}), pi03, Fit::Ok},
        {"busy line", &gpio_lines, JobBuilder(1).gpio({"fan", "led"}), pi03, Fit::NotNow},
        {"line not here", &gpio_lines, JobBuilder(1).gpio({"pump"}), pi03, Fit::Never},
        {"other nodes hold no lines",
         &gpio_lines,
         JobBuilder(1).fill_up().gpio({"pump"}),
         pi03,
         Fit::Ok,
         {1, false}},
        {"no consumable asked", &consumables, JobBuilder(1), pi03, Fit::Ok},
        {"one gpu free", &consumables, JobBuilder(1).per_slot("gpu", 1), pi03, Fit::Ok},
        // 2 slots x 1 gpu = 2 > 1 free, but the node has 2
        {"gpu in use", &consumables, JobBuilder(1).slots(2).per_slot("gpu", 1), pi03, Fit::NotNow},
        // 3 slots x 1 = 3 > capacity 2
        {"too few gpus", &consumables, JobBuilder(1).slots(3).per_slot("gpu", 1), pi03, Fit::Never},
        {"per job on the master", &consumables, JobBuilder(1).per_job("gpu", 2), pi03, Fit::NotNow},
        {"per job not elsewhere",
         &consumables,
         JobBuilder(1).fill_up().per_job("gpu", 2),
         pi03,
         Fit::Ok,
         {1, false}},
        {"consumable not here", &consumables, JobBuilder(1).per_slot("fpga", 1), pi03, Fit::Never},
    });
}

TEST(Filters, ChainStopsAtTheFirstObjection) {
    // Down and too small: the cheaper node_up answers first.
    const NodeView node = NodeBuilder("pi01").cores(2).down();
    const Verdict verdict =
        check_all(request_of(JobBuilder(1).slots(4)), NodeAtPassStart(node).state());
    EXPECT_EQ(verdict.fit, Fit::NotNow);
    EXPECT_EQ(verdict.reason, "node is down");
}

TEST(Filters, HugeMemoryPerSlotSaturatesInsteadOfWrapping) {
    // 2^63 bytes x 4 slots would wrap to 0 in 64 bits and fit anywhere.
    PendingJob job = JobBuilder(1).slots(4);
    job.memory_per_slot = std::uint64_t{1} << 63;
    const NodeView node = NodeBuilder("pi01").cores(4).memory("1G");
    const Request request = request_of(job);
    EXPECT_EQ(fits_memory(request, Share{4, true}, NodeAtPassStart(node).state()).fit, Fit::Never);
}

}  // namespace
}  // namespace bramble::policy
