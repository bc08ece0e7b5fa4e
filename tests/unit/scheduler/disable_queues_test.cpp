// qmod -d / -e: a disabled node keeps its running job and takes no new one until a manager enables
// it; the state is the spool's, so a restart keeps it.
#include <gmock/gmock.h>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

class DisableQueuesTest : public SchedulerTest {
  protected:
    DisableQueuesTest() { pi01_ = register_node("pi01", 2); }

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

TEST_F(DisableQueuesTest, ADisabledNodeKeepsItsJobAndStartsNoOtherUntilEnabled) {
    const JobId running = submit(kAlice, serial_job("running"));
    ASSERT_EQ(job(running)->state, JobState::Dispatched);

    const auto lines = qmod(kRoot, "disable", {"all.q@pi01"});
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_THAT(lines[0], MatchesRegex("root@.+ changed state of \"all.q@pi01\" \\(disabled\\)"));
    EXPECT_FALSE(failed_);
    EXPECT_TRUE(node_status("pi01").disabled);
    EXPECT_EQ(job(running)->state, JobState::Dispatched) << "its running job runs on";

    const JobId waiting = submit(kAlice, serial_job("waiting"));
    EXPECT_EQ(job(waiting)->state, JobState::Pending) << "a free core, but the node is disabled";
    EXPECT_THAT(qmod(kRoot, "disable", {"pi01"}),
                ElementsAre("Queue instance \"all.q@pi01\" is already in the specified state: "
                            "disabled"));

    const auto enabled = qmod(kRoot, "enable", {"*@pi01"});
    ASSERT_EQ(enabled.size(), 1U);
    EXPECT_THAT(enabled[0], MatchesRegex("root@.+ changed state of \"all.q@pi01\" \\(enabled\\)"));
    EXPECT_FALSE(node_status("pi01").disabled);
    EXPECT_EQ(job(waiting)->state, JobState::Dispatched);
    EXPECT_THAT(qmod(kRoot, "enable", {"pi01"}),
                ElementsAre("Queue instance \"all.q@pi01\" is already in the specified state: "
                            "enabled"));
}

TEST_F(DisableQueuesTest, TheStateOutlivesARestart) {
    qmod(kRoot, "disable", {"pi01"});
    restart();
    pi01_ = register_node("pi01", 2);
    EXPECT_TRUE(node_status("pi01").disabled);
    const JobId waiting = submit(kAlice, serial_job("waiting"));
    EXPECT_EQ(job(waiting)->state, JobState::Pending);

    qmod(kRoot, "enable", {"pi01"});
    restart();
    pi01_ = register_node("pi01", 2);
    EXPECT_FALSE(node_status("pi01").disabled);
    EXPECT_EQ(job(waiting)->state, JobState::Dispatched);
}

TEST_F(DisableQueuesTest, OnlyAManagerMayDisableOrEnable) {
    EXPECT_THAT(qmod(kAlice, "disable", {"pi01"}),
                ElementsAre("alice - you have no permission to modify queue \"all.q@pi01\""));
    EXPECT_TRUE(failed_);
    EXPECT_FALSE(node_status("pi01").disabled);
    qmod(kRoot, "disable", {"pi01"});
    EXPECT_THAT(qmod(kBob, "enable", {"all.q"}),
                ElementsAre("bob - you have no permission to modify queue \"all.q@pi01\""));
    EXPECT_TRUE(node_status("pi01").disabled);
    EXPECT_THAT(qmod(kRoot, "disable", {"all.q@pi09"}),
                ElementsAre("invalid queue \"all.q@pi09\""));
    EXPECT_TRUE(failed_);
}

}  // namespace
}  // namespace bramble::scheduler::test
