// Limits as a user sees them: a per-user cap on running jobs makes the next job wait with the
// cap named (while other users' jobs still start), and a walltime longer than the queue allows is
// refused at qsub.
// Nodes: pi01..pi03, 1 core each; every user may run one job; the queue allows at most 1 hour.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class Limits : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        start(small_nodes(3), R"(user_limits:
  "*": {max_running_jobs: 1}
queue_limits: {default_walltime: 10m, max_walltime: 1h}
)");
    }
};

TEST_F(Limits, ASecondJobOfTheSameUserWaitsForTheUserLimit) {
    auto first = gated("first");
    ASSERT_TRUE(cluster().wait_state(first, "r"));
    // Two cores are free; the cap is what holds it.
    auto second = gated("second");
    EXPECT_TRUE(wait_reason(second, "user limit 1 running job")) << detail(second);
    EXPECT_THAT(detail_value(second, "scheduling info"), HasSubstr("reached"));
    EXPECT_EQ(cluster().qstat_state(second), "qw");

    touch(gates_[0]);
    EXPECT_TRUE(cluster().wait_state(second, "r"));
}

TEST_F(Limits, TheCapIsPerUser) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    auto mine = gated("mine");
    ASSERT_TRUE(cluster().wait_state(mine, "r"));
    auto of_alice = gated("alice", {}, users->alice.name);
    EXPECT_TRUE(cluster().wait_state(of_alice, "r")) << detail(of_alice);
}

TEST_F(Limits, AWalltimeLongerThanTheQueueAllowsIsRefusedAtQsub) {
    ProcessResult r = qsub({"-cwd", "-l", "h_rt=2:00:00", "-b", "y", "/bin/true"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("h_rt=")) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("all.q")) << r.describe();
    EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "");
}

TEST_F(Limits, AWalltimeWithinTheQueueLimitIsAccepted) {
    auto id = gated("within", {"-l", "h_rt=0:30:00"});
    ASSERT_NE(id, 0u);
    EXPECT_TRUE(cluster().wait_state(id, "r"));
    EXPECT_THAT(detail_value(id, "hard resource_list"), HasSubstr("h_rt="));
}

// A cap on slots counts the slots of parallel jobs: 2 slots in use leave no room for a third.
class SlotLimits : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        start(small_nodes(3), "user_limits:\n  \"*\": {max_slots: 2}\n");
    }
};

TEST_F(SlotLimits, AParallelJobUsesTheUsersSlots) {
    auto wide = gated("wide", {"-pe", "mpi", "2"});
    ASSERT_TRUE(cluster().wait_state(wide, "r"));
    auto more = gated("more");
    EXPECT_TRUE(wait_reason(more, "user limit 2 slots reached")) << detail(more);
    EXPECT_EQ(cluster().qstat_state(more), "qw") << "one core is free; the cap holds it";
    touch(gates_[0]);
    EXPECT_TRUE(cluster().wait_state(more, "r"));
}

}  // namespace
}  // namespace bramble::test
