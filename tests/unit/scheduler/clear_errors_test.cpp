// qmod -c on a queue instance: a node resting after failing a job for reasons of its own takes
// jobs again at once, when a manager says so; the instance is named as Grid Engine names it.
#include <gmock/gmock.h>

#include "queue_instances.hpp"
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

struct Naming {
    const char* target;
    const char* node;
    bool named;
};

constexpr Naming kNamings[] = {
    {"all.q@pi01", "pi01", true},
    {"all.q@pi01", "pi02", false},
    {"*@pi01", "pi01", true},
    {"all.q@pi0[1-3]", "pi03", true},
    {"all.q@pi0[1-3]", "pi04", false},
    {"all.q", "pi07", true},
    {"*", "pi07", true},
    {"pi01", "pi01", true},
    {"pi01", "pi02", false},
    {"other.q@pi01", "pi01", false},
    {"all.q@", "pi01", false},
    {"pi0*", "pi01", false},  // a bare pattern is a queue's
};

TEST(QueueInstances, NamesAsGridEngineDoesPlusABareNodeName) {
    for (const auto& naming : kNamings) {
        EXPECT_EQ(names_queue_instance(naming.target, "all.q", naming.node), naming.named)
            << naming.target << " vs all.q@" << naming.node;
    }
}

class ClearErrorsTest : public SchedulerTest {
  protected:
    ClearErrorsTest() {
        config_.node_error_seconds = 3600;
        restart();
        pi01_ = register_node("pi01", 1);
    }

    // pi01 fails a job's set-up, so it rests; the job waits (there is no other node).
    JobId make_pi01_sick() {
        const JobId id = submit(kAlice, serial_job("a"));
        ExitRecord exit;
        exit.exit_status = 1;
        exit.failed = kFailedNodeSetup;
        exit.failure = "cannot write .../job.json.tmp: No space left on device";
        from_node(pi01_, "pi01", wire::JobFinished{id, exit});
        return id;
    }

    std::vector<std::string> qmod(const Caller& caller, const std::string& action,
                                  std::vector<std::string> targets) {
        auto reply = call(caller, wire::ModifyRequest{action, std::move(targets)});
        const auto& answer = std::get<wire::DeleteReply>(reply);
        failed_ = answer.failed;
        return answer.lines;
    }

    std::shared_ptr<RecordingLink> pi01_;
    bool failed_ = false;
};

TEST_F(ClearErrorsTest, AManagerClearsARestingNodeAndItsWaitingJobRunsAtOnce) {
    const JobId id = make_pi01_sick();
    ASSERT_FALSE(node_status("pi01").error.empty());
    ASSERT_EQ(job(id)->state, JobState::Pending);

    const auto lines = qmod(kRoot, "clear", {"pi01"});
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_THAT(lines[0], MatchesRegex("root@.+ changed state of \"all.q@pi01\" \\(no error\\)"));
    EXPECT_FALSE(failed_);
    EXPECT_TRUE(node_status("pi01").error.empty());
    EXPECT_EQ(job(id)->state, JobState::Dispatched);

    EXPECT_THAT(qmod(kRoot, "clear_queues", {"all.q@pi01"}),
                ElementsAre("Queue instance \"all.q@pi01\" is already in the specified state: "
                            "no error"));
    EXPECT_FALSE(failed_);
}

TEST_F(ClearErrorsTest, OthersMayNotClearANode) {
    make_pi01_sick();
    EXPECT_THAT(qmod(kAlice, "clear", {"*@pi01"}),
                ElementsAre("alice - you have no permission to modify queue \"all.q@pi01\""));
    EXPECT_TRUE(failed_);
    EXPECT_FALSE(node_status("pi01").error.empty());
}

TEST_F(ClearErrorsTest, AnUnknownQueueIsNamed) {
    EXPECT_THAT(qmod(kRoot, "clear", {"all.q@pi09", "pi09"}),
                ElementsAre("invalid queue \"all.q@pi09\"", "invalid queue \"pi09\""));
    EXPECT_TRUE(failed_);
}

TEST_F(ClearErrorsTest, AnUnknownActionIsRefusedBeforeTheHandler) {
    auto reply = call(kRoot, wire::ModifyRequest{"suspend", {"pi01"}});
    ASSERT_TRUE(std::holds_alternative<wire::ErrorReply>(reply));
    EXPECT_THAT(std::get<wire::ErrorReply>(reply).message,
                testing::HasSubstr("is not one of clear_jobs (-cj), clear (-c)"));
}

}  // namespace
}  // namespace bramble::scheduler::test
