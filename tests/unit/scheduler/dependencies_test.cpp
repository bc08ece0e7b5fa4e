// -hold_jid with Grid Engine's meaning: a job waits (hqw) until the jobs it names have ended,
// however they ended, and ids or names that match no active job are no wait. YAML after: (spec
// after_ok) also wants them to end well: a failure holds the dependent with the reason. Both keep
// waiting across a scheduler restart; qalter -hold_jid replaces the list.
#include "model/task_id.hpp"
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

class DependenciesTest : public SchedulerTest {
  protected:
    std::string reason_of(JobId id) {
        auto reply = call(kAlice, wire::JobDetailRequest{{job_id_text(id)}});
        const auto& detail = std::get<wire::JobDetailReply>(reply);
        return detail.pending_reasons.empty() ? "" : detail.pending_reasons.front();
    }
};

JobSpec after(const std::string& name, std::vector<std::string> predecessors) {
    JobSpec spec = serial_job(name);
    spec.hold_jids = std::move(predecessors);
    return spec;
}

// As YAML after: writes it: every entry must also end well.
JobSpec after_ok(const std::string& name, std::vector<std::string> predecessors) {
    JobSpec spec = after(name, predecessors);
    spec.after_ok = std::move(predecessors);
    return spec;
}

ExitRecord exit_with(int status) {
    ExitRecord exit;
    exit.exit_status = status;
    return exit;
}

TEST_F(DependenciesTest, WaitsUntilThePredecessorFinishes) {
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

TEST_F(DependenciesTest, HoldJidStartsTheDependentAfterAFailedPredecessor) {
    auto link = register_node("pi01", 4);
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after("report", {std::to_string(first)}));
    from_node(link, "pi01", wire::JobFinished{first, exit_with(3)});
    EXPECT_EQ(job(second)->state, JobState::Dispatched) << "Grid Engine: the exit does not matter";
}

TEST_F(DependenciesTest, HoldJidStartsTheDependentAfterADeletedPredecessor) {
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after("cleanup", {"1"}));
    call(kAlice, wire::DeleteRequest{{std::to_string(first)}, {}, false});
    auto link = register_node("pi01", 4);
    EXPECT_EQ(job(second)->state, JobState::Dispatched);
}

TEST_F(DependenciesTest, AfterOkHoldsItsDependentsWhenAPredecessorFails) {
    auto link = register_node("pi01", 4);
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after_ok("analyse", {std::to_string(first)}));
    from_node(link, "pi01", wire::JobFinished{first, exit_with(3)});
    EXPECT_EQ(job(second)->state, JobState::Held);
    EXPECT_EQ(reason_of(second), "dependency 1 failed (exit 3)");
    EXPECT_EQ(link->sent_of<wire::StartJob>().size(), 1U);
}

TEST_F(DependenciesTest, AfterOkHoldsItsDependentsWhenAPredecessorIsDeleted) {
    const JobId first = submit(kAlice, serial_job("prep"));
    const JobId second = submit(kAlice, after_ok("analyse", {"1"}));
    call(kAlice, wire::DeleteRequest{{std::to_string(first)}, {}, false});
    EXPECT_EQ(job(second)->state, JobState::Held);
    EXPECT_EQ(reason_of(second), "dependency 1 was deleted");
}

TEST_F(DependenciesTest, AfterOkOnAFinishedFailedJobHoldsAtOnce) {
    auto link = register_node("pi01", 4);
    const JobId first = submit(kAlice, serial_job("prep"));
    from_node(link, "pi01", wire::JobFinished{first, exit_with(2)});
    const JobId second = submit(kAlice, after_ok("analyse", {std::to_string(first)}));
    EXPECT_EQ(job(second)->state, JobState::Held);
    EXPECT_EQ(reason_of(second), "dependency 1 failed (exit 2)");
}

TEST_F(DependenciesTest, UnknownIdsAndNamesAreNoWaitForHoldJidButRefusedForAfterOk) {
    auto link = register_node("pi01", 4);
    const JobId by_id = submit(kAlice, after("x", {"99"}));
    EXPECT_EQ(job(by_id)->state, JobState::Dispatched);
    const JobId by_name = submit(kAlice, after("free", {"nothing-by-this-name"}));
    EXPECT_EQ(job(by_name)->state, JobState::Dispatched);
    auto reply = call(kAlice, wire::SubmitRequest{after_ok("y", {"99"}), ""});
    ASSERT_TRUE(std::holds_alternative<wire::ErrorReply>(reply));
    EXPECT_EQ(std::get<wire::ErrorReply>(reply).message, "after: job 99 does not exist");
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
    const JobId third = submit(kAlice, after_ok("check", {"prep"}));
    restart();
    auto back = register_node("pi01", 4, {first});
    EXPECT_EQ(reason_of(second), "waits for job 1 to finish (-hold_jid)");
    from_node(back, "pi01", wire::JobFinished{first, exit_with(1)});
    EXPECT_EQ(job(second)->state, JobState::Dispatched);
    EXPECT_EQ(job(third)->state, JobState::Held) << "after: is still told apart after a restart";
    EXPECT_EQ(reason_of(third), "dependency 1 failed (exit 1)");
}

// qalter -hold_jid gives the job a new list, and the job it no longer names does not report its
// end to it (before, a stale entry made the scheduler record an event the job refused).
TEST_F(DependenciesTest, QalterHoldJidReplacesTheList) {
    auto link = register_node("pi01", 4);
    const JobId prep = submit(kAlice, serial_job("prep"));
    const JobId other = submit(kAlice, serial_job("other"));
    const JobId dependent = submit(kAlice, after_ok("analyse", {"prep"}));
    auto reply = call(
        kAlice,
        wire::AlterRequest{{std::to_string(dependent)}, {"-hold_jid", std::to_string(other)}, "/"});
    ASSERT_TRUE(std::holds_alternative<wire::DeleteReply>(reply));
    EXPECT_EQ(job(dependent)->waiting_for, std::vector<JobId>{other});
    EXPECT_TRUE(job(dependent)->after_ok.empty()) << "the new list has -hold_jid's meaning";
    EXPECT_EQ(job(dependent)->spec.hold_jids, std::vector<std::string>{std::to_string(other)});

    ::testing::internal::CaptureStderr();
    from_node(link, "pi01", wire::JobFinished{prep, exit_with(1)});
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(log.find("does not wait for job"), std::string::npos) << log;
    EXPECT_EQ(job(dependent)->state, JobState::Pending) << "still waits for job 2 (hqw)";
    EXPECT_EQ(reason_of(dependent), "waits for job 2 to finish (-hold_jid)");

    from_node(link, "pi01", wire::JobFinished{other, exit_with(1)});
    EXPECT_EQ(job(dependent)->state, JobState::Dispatched);
}

TEST_F(DependenciesTest, QalterOfAnotherAttributeKeepsTheWaits) {
    const JobId prep = submit(kAlice, serial_job("prep"));
    const JobId dependent = submit(kAlice, after_ok("analyse", {"prep"}));
    call(kAlice, wire::AlterRequest{{std::to_string(dependent)}, {"-N", "renamed"}, "/"});
    EXPECT_EQ(job(dependent)->waiting_for, std::vector<JobId>{prep});
    EXPECT_EQ(job(dependent)->after_ok, std::vector<JobId>{prep});
}

JobSpec array_job(const std::string& name, int first, int last) {
    JobSpec spec = serial_job(name);
    spec.task_first = first;
    spec.task_last = last;
    return spec;
}

// -hold_jid_ad: task i waits for task i of the other array while it is active, and starts once
// it has ended, however it ended; a task with no counterpart does not wait.
TEST_F(DependenciesTest, HoldJidAdTaskWaitsForItsOwnTaskWhateverItsExit) {
    const JobId first = submit(kAlice, array_job("sim", 1, 2));
    JobSpec spec = array_job("post", 1, 3);
    spec.hold_jids_by_task = {std::to_string(first)};
    const JobId second = submit(kAlice, spec);
    EXPECT_EQ(job(task_job_id(second, 1))->waiting_for, std::vector<JobId>{task_job_id(first, 1)});
    EXPECT_TRUE(job(task_job_id(second, 3))->waiting_for.empty()) << "no task 3 to wait for";
    auto link = register_node("pi01", 1);
    ASSERT_EQ(job(task_job_id(first, 1))->state, JobState::Dispatched);
    from_node(link, "pi01", wire::JobFinished{task_job_id(first, 1), exit_with(5)});
    EXPECT_TRUE(job(task_job_id(second, 1))->waiting_for.empty());
    EXPECT_NE(job(task_job_id(second, 1))->state, JobState::Held);
    EXPECT_EQ(job(task_job_id(second, 2))->waiting_for, std::vector<JobId>{task_job_id(first, 2)});
}

TEST_F(DependenciesTest, QalterHoldJidAdGivesEachTaskItsCounterpart) {
    const JobId first = submit(kAlice, array_job("sim", 1, 2));
    const JobId second = submit(kAlice, array_job("post", 1, 2));
    auto reply = call(
        kAlice,
        wire::AlterRequest{{std::to_string(second)}, {"-hold_jid_ad", std::to_string(first)}, "/"});
    const auto& lines = std::get<wire::DeleteReply>(reply).lines;
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.front(),
              "modified array job dependencies of job " + std::to_string(second) + ".1");
    EXPECT_EQ(job(task_job_id(second, 2))->waiting_for, std::vector<JobId>{task_job_id(first, 2)});
    EXPECT_EQ(reason_of(task_job_id(second, 2)),
              "waits for job " + std::to_string(first) + ".2 to finish (-hold_jid)");
}

}  // namespace
}  // namespace bramble::scheduler::test
