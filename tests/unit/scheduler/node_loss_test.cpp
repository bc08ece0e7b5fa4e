// A node down past node_lost_seconds is lost, without an operator: its rerunnable jobs are
// requeued and run elsewhere, the others fail with the reason, their parts on other nodes are
// killed; when the node returns, what it still runs of them is killed and its report of that run
// is not taken for the job's new run.
#include <gmock/gmock.h>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using ::testing::HasSubstr;

class NodeLossTest : public SchedulerTest {
  protected:
    NodeLossTest() {
        config_.node_timeout_seconds = 3;
        config_.node_lost_seconds = 10;
        restart();
    }

    // pi01 runs the job (one core each, so a second job would go to pi02); then pi01 falls
    // silent and the clock passes `seconds` after it went down.
    JobId running_on_pi01(JobSpec spec) {
        pi01_ = register_node("pi01", 1);
        const JobId id = submit(kAlice, std::move(spec));
        from_node(pi01_, "pi01", wire::JobStarted{id});
        EXPECT_EQ(job(id)->state, JobState::Running);
        pi02_ = register_node("pi02", 1);
        return id;
    }

    void silence_pi01_for(int seconds) {
        steady_ms_ += 4'000;  // past node_timeout_seconds: down
        from_node(pi02_, "pi02", wire::Heartbeat{});
        scheduler_->tick();
        steady_ms_ += 1000LL * seconds;
        from_node(pi02_, "pi02", wire::Heartbeat{});
        scheduler_->tick();
        settle();
    }

    static JobSpec rerunnable(std::string rerun) {
        JobSpec spec = serial_job("sim");
        spec.rerun = std::move(rerun);
        return spec;
    }

    std::shared_ptr<RecordingLink> pi01_;
    std::shared_ptr<RecordingLink> pi02_;
};

TEST_F(NodeLossTest, ADownNodeKeepsItsJobsUntilTheGraceEnds) {
    const JobId id = running_on_pi01(rerunnable("y"));
    silence_pi01_for(9);  // down at 4 s, 9 s more: 1 s short of node_lost_seconds
    EXPECT_EQ(job(id)->state, JobState::Running);
    EXPECT_EQ(job(id)->allocation.grants.front().node, "pi01");
}

TEST_F(NodeLossTest, ARerunnableJobIsRequeuedAndRunsElsewhere) {
    const JobId id = running_on_pi01(rerunnable("y"));
    silence_pi01_for(11);
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
    EXPECT_EQ(job(id)->allocation.grants.front().node, "pi02");
    EXPECT_EQ(pi02_->sent_of<wire::StartJob>().size(), 1U);
    EXPECT_EQ(job(id)->abandoned_on, std::vector<std::string>{"pi01"});
}

TEST_F(NodeLossTest, TheQueueDecidesForAJobWithoutDashR) {
    config_.queue_limits.rerun = true;
    restart();
    const JobId id = running_on_pi01(serial_job("default"));
    silence_pi01_for(11);
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
}

TEST_F(NodeLossTest, AJobThatMayNotRunTwiceFailsWithTheReason) {
    const JobId id = running_on_pi01(rerunnable("n"));
    silence_pi01_for(11);
    EXPECT_EQ(job(id), nullptr) << "no longer active";
    const auto done = detail(id);
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->state, JobState::Done);
    EXPECT_EQ(done->exit.failed, 100);
    EXPECT_THAT(done->exit.failure,
                HasSubstr("node pi01 was lost (down for more than 10 s) while the job ran; it is "
                          "not rerunnable (qsub -r y)"));
}

TEST_F(NodeLossTest, AJobTheNodeNeverConfirmedGoesElsewhereWhateverDashRSays) {
    pi01_ = register_node("pi01", 1);
    const JobId id = submit(kAlice, rerunnable("n"));
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
    pi02_ = register_node("pi02", 1);
    silence_pi01_for(11);
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
    EXPECT_EQ(job(id)->allocation.grants.front().node, "pi02");
}

TEST_F(NodeLossTest, TheReturningNodeKillsTheAbandonedRunAndItsEndIsNotTheJobsEnd) {
    const JobId id = running_on_pi01(rerunnable("y"));
    silence_pi01_for(11);
    from_node(pi02_, "pi02", wire::JobStarted{id});

    auto back = register_node("pi01", 1, {id});  // pi01 was cut off, not dead: it still runs it
    const auto kills = back->sent_of<wire::KillJob>();
    ASSERT_EQ(kills.size(), 1U);
    EXPECT_EQ(kills.front().id, id);
    ExitRecord killed;
    killed.signal = 9;
    from_node(back, "pi01", wire::JobFinished{id, killed});
    EXPECT_EQ(back->sent_of<wire::FinishedAck>().size(), 1U);
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Running) << "the run on pi02 goes on";
    EXPECT_TRUE(job(id)->abandoned_on.empty());

    ExitRecord ok;
    from_node(pi02_, "pi02", wire::JobFinished{id, ok});
    EXPECT_EQ(detail(id)->exit.exit_status, 0);
    EXPECT_EQ(detail(id)->exit.host, "pi02");
}

TEST_F(NodeLossTest, ANodeThatReturnsWithoutTheRunIsAPlaceForTheJobAgain) {
    const JobId id = running_on_pi01(rerunnable("y"));
    silence_pi01_for(11);
    register_node("pi01", 1, {});
    EXPECT_TRUE(job(id)->abandoned_on.empty());
}

}  // namespace
}  // namespace bramble::scheduler::test
