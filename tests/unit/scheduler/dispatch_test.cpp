// The pass and a job's life on a node: dispatch, start, finish, acknowledgement.
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using DispatchTest = SchedulerTest;

TEST_F(DispatchTest, PendingJobsStartWhenANodeJoins) {
    const JobId a = submit(kAlice, serial_job("a"));
    const JobId b = submit(kAlice, serial_job("b", 2));
    EXPECT_EQ(job(a)->state, JobState::Pending);

    auto link = register_node("pi01", 4);
    ASSERT_EQ(link->sent_of<wire::RegisterReply>().size(), 1U);
    EXPECT_TRUE(link->sent_of<wire::RegisterReply>().front().accepted);
    const auto starts = link->sent_of<wire::StartJob>();
    ASSERT_EQ(starts.size(), 2U);
    EXPECT_EQ(starts[0].queue, "all.q");
    EXPECT_EQ(starts[0].job.allocation.grants.front().node, "pi01");
    EXPECT_FALSE(starts[0].job.spec.script.empty()) << "the node needs the script";
    EXPECT_EQ(job(a)->state, JobState::Dispatched);
    EXPECT_EQ(job(b)->allocation.slots(), 2);
    EXPECT_EQ(job(a)->start_time, wall_);
}

TEST_F(DispatchTest, NeverGivesACoreTwice) {
    auto link = register_node("pi01", 2);
    for (int i = 0; i < 3; ++i)
        submit(kAlice, serial_job("j"));
    // 2 cores: two jobs run, the third waits with a reason.
    EXPECT_EQ(link->sent_of<wire::StartJob>().size(), 2U);
    EXPECT_EQ(job(3)->state, JobState::Pending);
    auto reply = call(kAlice, wire::JobDetailRequest{{"3"}});
    const auto& detail = std::get<wire::JobDetailReply>(reply);
    ASSERT_EQ(detail.pending_reasons.size(), 1U);
    EXPECT_FALSE(detail.pending_reasons.front().empty());
}

TEST_F(DispatchTest, AFinishedJobIsRecordedFreedAndAcknowledged) {
    auto link = register_node("pi01", 1);
    const JobId first = submit(kAlice, serial_job("first"));
    const JobId second = submit(kAlice, serial_job("second"));
    from_node(link, "pi01", wire::JobStarted{first});
    EXPECT_EQ(job(first)->state, JobState::Running);

    ExitRecord exit;
    exit.exit_status = 3;
    exit.end_time = wall_ + 10;
    from_node(link, "pi01", wire::JobFinished{first, exit});
    EXPECT_EQ(job(first), nullptr) << "finished jobs leave memory";
    ASSERT_EQ(link->sent_of<wire::FinishedAck>().size(), 1U);
    EXPECT_EQ(job(second)->state, JobState::Dispatched) << "the freed core went to the next job";

    auto done = detail(first);
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->state, JobState::Done);
    EXPECT_EQ(done->exit.exit_status, 3);
    EXPECT_EQ(done->exit.host, "pi01");

    from_node(link, "pi01", wire::JobFinished{first, exit});  // the ack was lost
    EXPECT_EQ(link->sent_of<wire::FinishedAck>().size(), 2U);
}

// Memory never runs ahead of the spool: a start shows in the scheduler's state only once it is
// committed, and then it is in the spool too.
TEST_F(DispatchTest, AStartShowsOnceItIsDurable) {
    auto link = register_node("pi01", 2);
    const JobId first = submit(kAlice, serial_job("first"));
    auto reader = store::Spool::open_read_only(spool_path());
    ASSERT_TRUE(reader) << reader.message();
    const auto durable_state = [&](JobId id) {
        auto replayed = (*reader)->replay_active_jobs();
        if (!replayed || !replayed->jobs.contains(id)) return JobState::Done;
        return replayed->jobs.at(id).state;
    };
    EXPECT_EQ(durable_state(first), JobState::Dispatched);

    scheduler_->node_message(link, "pi01", wire::JobStarted{first});
    EXPECT_EQ(job(first)->state, JobState::Dispatched) << "not applied before its commit";
    settle();
    EXPECT_EQ(job(first)->state, JobState::Running);
    EXPECT_EQ(durable_state(first), JobState::Running);
}

TEST_F(DispatchTest, AFinishThatOvertookItsStartStillCounts) {
    auto link = register_node("pi01", 1);
    const JobId id = submit(kAlice, serial_job("quick"));
    from_node(link, "pi01", wire::JobFinished{id, {}});
    ASSERT_TRUE(detail(id).has_value());
    EXPECT_EQ(detail(id)->state, JobState::Done);
}

TEST_F(DispatchTest, ReportsAboutJobsANodeDoesNotRunAreIgnored) {
    auto link = register_node("pi01", 1);
    auto other = register_node("pi02", 1);
    const JobId id = submit(kAlice, serial_job("here"));
    const std::string node = job(id)->allocation.grants.front().node;
    const std::string stranger = node == "pi01" ? "pi02" : "pi01";
    from_node(stranger == "pi01" ? link : other, stranger, wire::JobStarted{id});
    from_node(stranger == "pi01" ? link : other, stranger, wire::JobStarted{999});
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
}

}  // namespace
}  // namespace bramble::scheduler::test
