// Execd links: registration, replacement, silence, and reconciliation after a restart of either
// side.
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using NodesTest = SchedulerTest;

TEST_F(NodesTest, ASilentNodeGoesDownAndItsJobsStayAsTheyAre) {
    auto link = register_node("pi01", 4);
    const JobId id = submit(kAlice, serial_job("a"));
    from_node(link, "pi01", wire::Heartbeat{{0.5, 1 << 20, 0, 0}});
    auto up = node_status("pi01");
    EXPECT_TRUE(up.up);
    EXPECT_EQ(up.slots_used, 1);
    EXPECT_DOUBLE_EQ(up.load.load_avg, 0.5);

    steady_ms_ += 29'000;  // within node_timeout_seconds (30)
    scheduler_->tick();
    EXPECT_FALSE(link->closed.has_value());
    steady_ms_ += 2'000;
    scheduler_->tick();
    settle();
    EXPECT_TRUE(link->closed.has_value());
    EXPECT_FALSE(node_status("pi01").up);
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
}

TEST_F(NodesTest, ANewLinkReplacesTheOldOne) {
    auto old_link = register_node("pi01", 4);
    auto new_link = register_node("pi01", 4);
    EXPECT_TRUE(old_link->closed.has_value());
    const JobId id = submit(kAlice, serial_job("a"));
    from_node(old_link, "pi01", wire::JobStarted{id});
    EXPECT_EQ(job(id)->state, JobState::Dispatched) << "a replaced link is not listened to";
    scheduler_->node_link_closed(old_link, "pi01", "peer closed the connection");
    settle();
    EXPECT_TRUE(node_status("pi01").up);
}

TEST_F(NodesTest, ALinkThatClosesTakesItsNodeDown) {
    auto link = register_node("pi01", 4);
    scheduler_->node_link_closed(link, "pi01", "peer closed the connection");
    settle();
    const JobId id = submit(kAlice, serial_job("waits"));
    EXPECT_EQ(job(id)->state, JobState::Pending);
}

TEST_F(NodesTest, RestartKeepsJobsAndAllocationsAndResendsUnstartedJobs) {
    auto link = register_node("pi01", 2);
    const JobId running = submit(kAlice, serial_job("running"));
    const JobId dispatched = submit(kAlice, serial_job("dispatched"));
    const JobId waiting = submit(kAlice, serial_job("waiting"));
    from_node(link, "pi01", wire::JobStarted{running});

    restart();
    EXPECT_EQ(job(running)->state, JobState::Running);
    EXPECT_EQ(job(dispatched)->state, JobState::Dispatched);
    EXPECT_EQ(job(waiting)->state, JobState::Pending);
    EXPECT_FALSE(node_status("pi01").up);

    auto back = register_node("pi01", 2, {running});
    const auto starts = back->sent_of<wire::StartJob>();
    ASSERT_EQ(starts.size(), 1U);
    EXPECT_EQ(starts.front().job.id, dispatched);
    EXPECT_EQ(job(waiting)->state, JobState::Pending) << "both cores are still reserved";
}

TEST_F(NodesTest, AJobTheRestartedNodeNoLongerRunsFailsAfterTheGracePeriod) {
    auto link = register_node("pi01", 2);
    const JobId lost = submit(kAlice, serial_job("lost"));
    const JobId reported = submit(kAlice, serial_job("reported"));
    from_node(link, "pi01", wire::JobStarted{lost});
    from_node(link, "pi01", wire::JobStarted{reported});

    auto back = register_node("pi01", 2);                      // lists no job
    from_node(back, "pi01", wire::JobFinished{reported, {}});  // its pending report arrives
    steady_ms_ += 9'000;                                       // under two heartbeats (2 x 5 s)
    scheduler_->tick();
    EXPECT_NE(job(lost), nullptr);
    steady_ms_ += 2'000;
    scheduler_->tick();
    settle();
    EXPECT_EQ(job(lost), nullptr);
    auto record = detail(lost);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->exit.failed, 100);
    EXPECT_EQ(record->exit.failure, "node pi01 restarted and no longer runs the job");
    EXPECT_EQ(detail(reported)->exit.failed, 0);
}

TEST_F(NodesTest, ANodeRunningAJobTheSchedulerDoesNotHaveIsToldToKillIt) {
    auto link = register_node("pi01", 2, {12345});
    const auto kills = link->sent_of<wire::KillJob>();
    ASSERT_EQ(kills.size(), 1U);
    EXPECT_EQ(kills.front().id, 12345U);
}

TEST_F(NodesTest, ARegistrationWithoutANameIsRefused) {
    auto link = register_node("", 2);
    ASSERT_EQ(link->sent_of<wire::RegisterReply>().size(), 1U);
    EXPECT_FALSE(link->sent_of<wire::RegisterReply>().front().accepted);
    EXPECT_TRUE(link->closed.has_value());
}

}  // namespace
}  // namespace bramble::scheduler::test
