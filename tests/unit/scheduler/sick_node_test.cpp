// A node that cannot set a job up (full spool, no job directory, the owner unknown there) is not a
// black hole: the job goes to another node, the node rests for node_error_seconds (state E), and a
// job no node can set up stops going round and waits in Eqw with the reason.
#include <gmock/gmock.h>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using ::testing::HasSubstr;

class SickNodeTest : public SchedulerTest {
  protected:
    SickNodeTest() {
        config_.node_error_seconds = 60;
        restart();
    }

    static ExitRecord setup_failure(const std::string& why) {
        ExitRecord exit;
        exit.exit_status = 1;
        exit.failed = kFailedNodeSetup;
        exit.failure = why;
        return exit;
    }
};

TEST_F(SickNodeTest, TheJobGoesElsewhereAndTheNodeRests) {
    auto pi01 = register_node("pi01", 1);
    const JobId id = submit(kAlice, serial_job("a"));
    auto pi02 = register_node("pi02", 1);
    ASSERT_EQ(job(id)->allocation.grants.front().node, "pi01");

    from_node(pi01, "pi01", wire::JobStarted{id});
    from_node(pi01, "pi01",
              wire::JobFinished{id, setup_failure("cannot write .../job.json.tmp: No space left")});
    EXPECT_EQ(pi01->sent_of<wire::FinishedAck>().size(), 1U);
    ASSERT_NE(job(id), nullptr) << "requeued, not failed";
    EXPECT_EQ(job(id)->allocation.grants.front().node, "pi02");
    EXPECT_THAT(node_status("pi01").error, HasSubstr("No space left"));

    // Resting: a new job waits rather than go to pi01, although pi01 is free.
    from_node(pi02, "pi02", wire::JobStarted{id});
    const JobId next = submit(kAlice, serial_job("b"));
    EXPECT_EQ(job(next)->state, JobState::Pending);

    steady_ms_ += 61'000;
    from_node(pi01, "pi01", wire::Heartbeat{});
    from_node(pi02, "pi02", wire::Heartbeat{});
    scheduler_->tick();
    settle();
    EXPECT_TRUE(node_status("pi01").error.empty());
    EXPECT_EQ(job(next)->state, JobState::Dispatched);
    EXPECT_EQ(job(next)->allocation.grants.front().node, "pi01");
}

TEST_F(SickNodeTest, AJobNoNodeCanSetUpWaitsInErrorWithTheReason) {
    std::vector<std::shared_ptr<RecordingLink>> links;
    for (const std::string name : {"pi01", "pi02", "pi03"})
        links.push_back(register_node(name, 1));
    const JobId id = submit(kAlice, serial_job("nobody-knows-alice"));
    for (int failure = 0; failure < 3; ++failure) {
        ASSERT_EQ(job(id)->state, JobState::Dispatched) << "failure " << failure;
        const std::string node = job(id)->allocation.grants.front().node;
        auto& link = links[static_cast<std::size_t>(node.back() - '1')];
        from_node(link, node, wire::JobFinished{id, setup_failure("no user alice on " + node)});
    }
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Error);
    EXPECT_THAT(job(id)->error_reason,
                HasSubstr("the job could not be set up 3 times; the last: node pi0"));
    EXPECT_TRUE(job(id)->allocation.empty());
}

TEST_F(SickNodeTest, AJobsOwnFailureIsTheJobsEnd) {
    auto pi01 = register_node("pi01", 1);
    const JobId id = submit(kAlice, serial_job("a"));
    ExitRecord exit;
    exit.exit_status = 1;
    exit.failed = 26;
    exit.failure = "cannot open output file /root/x: Permission denied";
    from_node(pi01, "pi01", wire::JobFinished{id, exit});
    EXPECT_EQ(job(id), nullptr);
    EXPECT_EQ(detail(id)->exit.failed, 26);
    EXPECT_TRUE(node_status("pi01").error.empty());
}

}  // namespace
}  // namespace bramble::scheduler::test
