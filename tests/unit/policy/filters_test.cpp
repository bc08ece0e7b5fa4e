// Each filter alone, then the chain: ok, not_now (busy or down) or never (too small, wrong node).
#include "policy/filters/filters.hpp"

#include <gtest/gtest.h>

#include "builders.hpp"
#include "policy/working_cluster.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;
using testing::NodeBuilder;

using FilterFn = Verdict (*)(const Request&, const NodeState&);

struct FilterCase {
    const char* name;
    FilterFn filter;
    PendingJob job;
    NodeView node;
    Fit expected;
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

TEST(Filters, EachSaysOkNotNowOrNever) {
    const NodeView pi01 = NodeBuilder("pi01").cores(4).memory("1G");
    const NodeView half_busy = NodeBuilder("pi01").cores(4).memory("1G").busy({0, 1}).used("768M");
    const FilterCase cases[] = {
        {"unpinned job, any node", &pinned_node, JobBuilder(1), pi01, Fit::Ok},
        {"pinned here", &pinned_node, JobBuilder(1).pin("pi01"), pi01, Fit::Ok},
        {"pinned elsewhere", &pinned_node, JobBuilder(1).pin("pi02"), pi01, Fit::Never},
        {"node up", &node_up, JobBuilder(1), pi01, Fit::Ok},
        {"node down", &node_up, JobBuilder(1), NodeBuilder("pi01").cores(4).down(), Fit::NotNow},
        {"4 of 4 free cores", &fits_cores, JobBuilder(1).slots(4), pi01, Fit::Ok},
        {"3 wanted, 2 free of 4", &fits_cores, JobBuilder(1).slots(3), half_busy, Fit::NotNow},
        {"5 wanted, node has 4", &fits_cores, JobBuilder(1).slots(5), pi01, Fit::Never},
        {"no memory asked", &fits_memory, JobBuilder(1).slots(4), half_busy, Fit::Ok},
        // 4 x 256M = 1G: exactly the node's memory
        {"exactly all memory", &fits_memory, JobBuilder(1).slots(4).memory("256M"), pi01, Fit::Ok},
        // 2 x 256M = 512M > 1G - 768M = 256M free
        {"memory busy", &fits_memory, JobBuilder(1).slots(2).memory("256M"), half_busy,
         Fit::NotNow},
        // 4 x 257M = 1028M > 1024M
        {"memory too small", &fits_memory, JobBuilder(1).slots(4).memory("257M"), pi01, Fit::Never},
    };
    for (const auto& [name, filter, job, node, expected] : cases) {
        const Verdict verdict = filter(request_of(job), NodeAtPassStart(node).state());
        EXPECT_EQ(verdict.fit, expected) << name;
        EXPECT_EQ(verdict.reason.empty(), expected == Fit::Ok) << name << ": " << verdict.reason;
    }
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
    EXPECT_EQ(fits_memory(request_of(job), NodeAtPassStart(node).state()).fit, Fit::Never);
}

}  // namespace
}  // namespace bramble::policy
