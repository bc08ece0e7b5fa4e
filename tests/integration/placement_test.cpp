// Where a job may go: host patterns (-l hostname=), queue instances (-q all.q@NODE), node labels
// (-l role=web, YAML labels:), and exclusive use of a node (-l exclusive=true).
// Placement: pi01..pi03, 1 core each, pi02 labelled role=web. Exclusive: one node of 2 cores.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class Placement : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        start(small_nodes(3), "nodes:\n  pi02: {labels: {role: web}}\n");
    }
};

TEST_F(Placement, AHostPatternKeepsJobsOnTheNodesItMatches) {
    auto a = gated("a", {"-l", "hostname=pi0[2-3]"});
    auto b = gated("b", {"-l", "hostname=pi0[2-3]"});
    ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    EXPECT_EQ((std::set<std::string>{cluster().qstat_queue(a), cluster().qstat_queue(b)}),
              (std::set<std::string>{"all.q@pi02", "all.q@pi03"}));

    // pi01 is free, but the pattern does not match it: the first job to wait is promised a
    // node when a walltime (the default hour) is up, the next says where it may go.
    auto c = gated("c", {"-l", "hostname=pi0[2-3]"});
    EXPECT_TRUE(reserved_within_the_default_hour(c)) << detail(c);
    auto d = gated("d", {"-l", "hostname=pi0[2-3]"});
    EXPECT_TRUE(wait_reason(d, "nodes matching pi0[2-3]")) << detail(d);
    EXPECT_EQ(cluster().qstat_state(c), "qw");
    EXPECT_EQ(cluster().qstat_state(d), "qw");
}

TEST_F(Placement, AQueueInstancePinsTheJobToItsNode) {
    auto id = gated("pinned", {"-q", "all.q@pi02"});
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    EXPECT_EQ(cluster().qstat_queue(id), "all.q@pi02");
}

TEST_F(Placement, ALabelRequestGoesToTheLabelledNode) {
    auto id = probe("web", "echo node=$BRAMBLE_NODE", {"-l", "role=web"});
    EXPECT_EQ(report_of("web"), "node=pi02\n");
    EXPECT_EQ(cluster().qstat_queue(id), "all.q@pi02");
    EXPECT_THAT(detail_value(id, "hard resource_list"), HasSubstr("role=web"));
}

TEST_F(Placement, YamlLabelsGoToTheLabelledNodeAndWaitForIt) {
    auto busy = gated("busy", {"-q", "all.q@pi02"});
    ASSERT_TRUE(cluster().wait_state(busy, "r"));
    const std::string file = gated_yaml("labelled", "labels: {role: web}\n");
    auto id = cluster().submit({file});
    adopt(id, "labelled");
    // Two nodes are free, neither labelled: the job waits for pi02, and the next such job
    // says what it needs.
    EXPECT_TRUE(reserved_within_the_default_hour(id)) << detail(id);
    auto next = gated("next", {"-l", "role=web"});
    EXPECT_TRUE(wait_reason(next, "role=web")) << detail(next);
    EXPECT_EQ(cluster().qstat_state(id), "qw");
    touch(gates_[0]);
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    EXPECT_EQ(cluster().qstat_queue(id), "all.q@pi02");
}

TEST_F(Placement, ALabelNoNodeHasIsRefusedAtQsub) {
    ProcessResult r = qsub({"-cwd", "-l", "role=db", "-b", "y", "/bin/true"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("role=db")) << r.describe();
}

class Exclusive : public ProbeSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(1, 2)); }
};

TEST_F(Exclusive, AnExclusiveJobWaitsForTheNodeToEmptyThenHoldsItAlone) {
    auto other = gated("other");
    ASSERT_TRUE(cluster().wait_state(other, "r"));
    // A core is free, but the node is not empty: the exclusive job is promised the node when
    // the other's walltime (the default hour) is up; a second one says what it needs.
    auto alone = gated("alone", {"-l", "exclusive=true"});
    EXPECT_TRUE(reserved_within_the_default_hour(alone)) << detail(alone);
    auto also = gated("also", {"-l", "exclusive=true"});
    EXPECT_TRUE(wait_reason(also, "needs exclusive use of a node")) << detail(also);
    EXPECT_EQ(cluster().qstat_state(alone), "qw");

    touch(gates_[0]);
    ASSERT_TRUE(cluster().wait_state(alone, "r")) << detail(alone);
    EXPECT_EQ(cluster().qstat_queue(alone), "all.q@pi01");
    EXPECT_THAT(detail_value(alone, "hard resource_list"), HasSubstr("exclusive=true"));

    // The node has a free core, but its exclusive job holds it alone.
    ASSERT_EQ(cluster().run("qdel", {std::to_string(also)}).exit_code, 0);
    ASSERT_TRUE(cluster().wait_gone(also));
    auto beside = gated("beside");
    EXPECT_TRUE(wait_reason(beside, "reserved")) << detail(beside);
    EXPECT_EQ(cluster().qstat_state(beside), "qw");
    EXPECT_EQ(cluster().qstat_state(alone), "r");

    open_gate("alone");
    EXPECT_TRUE(cluster().wait_state(beside, "r"));
}

// A job waiting beside a running exclusive job is told why the idle core is not for it, also
// the first one to wait, whose reason leads its reservation.
TEST_F(Exclusive, AJobWaitingBesideAnExclusiveJobIsToldSo) {
    auto alone = gated("alone", {"-l", "exclusive=true"});
    ASSERT_TRUE(cluster().wait_state(alone, "r"));
    auto first = gated("first");
    ASSERT_TRUE(wait_reason(first, "reserved")) << detail(first);
    EXPECT_THAT(detail_value(first, "scheduling info"),
                ::testing::HasSubstr("the only up node runs an exclusive job"))
        << detail(first);
    auto second = gated("second");
    EXPECT_TRUE(wait_reason(second, "exclusive")) << detail(second);
}

}  // namespace
}  // namespace bramble::test
