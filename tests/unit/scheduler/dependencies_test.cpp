// -hold_jid: a job waits (hqw) until the jobs it names finish well, is held with the reason when
// one fails, and keeps waiting across a scheduler restart.
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

class DependenciesTest : public SchedulerTest {
  protected:
    std::string reason_of(JobId id) {
        auto reply = call(kAlice, wire::JobDetailRequest{{std::to_string(id)}});
        const auto& detail = std::get<wire::JobDetailReply>(reply);
        return detail.pending_reasons.empty() ? "" : detail.pending_reasons.front();
    }
};

JobSpec after(const std::string& name, std::vector<std::string> predecessors) {
    JobSpec spec = serial_job(name);
    spec.hold_jids = std::move(predecessors);
    return spec;
}

ExitRecord exit_with(int status) {
    ExitRecord exit;
    exit.exit_status = status;
    return exit;
}

TEST_F(DependenciesTest, WaitsUntilThePredecessorFinishesWell) {
    auto link = register_node("pi01", 4);
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after("analyse", {"prep"}));
    EXPECT_EQ(link->sent_of<wire::StartJob>().size(), 1U) << "only prep starts";
    EXPECT_EQ(reason_of(second), "waits for job 1 to finish (-hold_jid)");
    auto rows = std::get<wire::JobsReply>(call(kAlice, wire::ListJobsRequest{})).jobs;
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[1].state, JobState::Held) << "qstat shows hqw";

    from_node(link, "pi01", wire::JobFinished{first, exit_with(0)});
    EXPECT_EQ(link->sent_of<wire::StartJob>().size(), 2U) << "analyse starts";
    EXPECT_EQ(job(second)->state, JobState::Dispatched);
}

TEST_F(DependenciesTest, AFailedPredecessorHoldsItsDependentsWithTheReason) {
    auto link = register_node("pi01", 4);
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after("analyse", {std::to_string(first)}));
    from_node(link, "pi01", wire::JobFinished{first, exit_with(3)});
    EXPECT_EQ(job(second)->state, JobState::Held);
    EXPECT_EQ(reason_of(second), "dependency 1 failed (exit 3)");
    EXPECT_EQ(link->sent_of<wire::StartJob>().size(), 1U);
}

TEST_F(DependenciesTest, ADeletedPredecessorHoldsItsDependents) {
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after("analyse", {"1"}));
    call(kAlice, wire::DeleteRequest{{std::to_string(first)}, {}, false});
    EXPECT_EQ(job(second)->state, JobState::Held);
    EXPECT_EQ(reason_of(second), "dependency 1 was deleted");
}

TEST_F(DependenciesTest, AnUnknownIdIsRefusedAndAnUnknownNameIsNoWait) {
    auto reply = call(kAlice, wire::SubmitRequest{after("x", {"99"}), ""});
    ASSERT_TRUE(std::holds_alternative<wire::ErrorReply>(reply));
    EXPECT_EQ(std::get<wire::ErrorReply>(reply).message, "-hold_jid 99: job 99 does not exist");
    auto link = register_node("pi01", 4);
    const JobId free = submit(kAlice, after("free", {"nothing-by-this-name"}));
    EXPECT_EQ(job(free)->state, JobState::Dispatched);
}

TEST_F(DependenciesTest, AnotherUsersJobOfTheSameNameIsNotWaitedFor) {
    submit(kBob, serial_job("prep"));
    auto link = register_node("pi01", 4);
    const JobId mine = submit(kAlice, after("analyse", {"prep"}));
    EXPECT_EQ(job(mine)->state, JobState::Dispatched);
}

TEST_F(DependenciesTest, WaitingSurvivesARestartAndSettlesOnFinish) {
    auto link = register_node("pi01", 4);
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after("analyse", {"prep"}));
    restart();
    auto back = register_node("pi01", 4, {first});
    EXPECT_EQ(reason_of(second), "waits for job 1 to finish (-hold_jid)");
    from_node(back, "pi01", wire::JobFinished{first, exit_with(0)});
    EXPECT_EQ(job(second)->state, JobState::Dispatched);
}

}  // namespace
}  // namespace bramble::scheduler::test
