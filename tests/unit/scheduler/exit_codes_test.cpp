// Grid Engine's exit codes: a job that exits 99 is queued again and runs again; one that exits 100
// waits in Eqw with the reason until `qmod -cj` (its owner's or a manager's) lets it run again. A
// job being deleted stays deleted whatever it exits with.
#include <gmock/gmock.h>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ExitCodesTest : public SchedulerTest {
  protected:
    static ExitRecord exited(int status) {
        ExitRecord exit;
        exit.exit_status = status;
        return exit;
    }

    // A job running on pi01 that ends with `status`.
    JobId run_and_exit(int status) {
        const JobId id = submit(kAlice, serial_job("j"));
        from_node(pi01_, "pi01", wire::JobStarted{id});
        from_node(pi01_, "pi01", wire::JobFinished{id, exited(status)});
        return id;
    }

    std::vector<std::string> qmod(const Caller& caller, const std::string& action,
                                  std::vector<std::string> targets) {
        auto reply = call(caller, wire::ModifyRequest{action, std::move(targets)});
        const auto* answer = std::get_if<wire::DeleteReply>(&reply);
        if (answer == nullptr) {
            ADD_FAILURE() << "not a DeleteReply";
            return {};
        }
        failed_ = answer->failed;
        return answer->lines;
    }

    std::shared_ptr<RecordingLink> pi01_ = register_node("pi01", 1);
    bool failed_ = false;
};

TEST_F(ExitCodesTest, Exit99RunsTheJobAgain) {
    const JobId id = run_and_exit(99);
    EXPECT_EQ(pi01_->sent_of<wire::FinishedAck>().size(), 1U);
    ASSERT_NE(job(id), nullptr) << "requeued, not finished";
    EXPECT_EQ(job(id)->state, JobState::Dispatched) << "placed again at once: pi01 is free";
    EXPECT_EQ(pi01_->sent_of<wire::StartJob>().size(), 2U);
    EXPECT_TRUE(pi01_->sent_of<wire::KillJob>().empty()) << "the run had already ended";

    from_node(pi01_, "pi01", wire::JobStarted{id});
    from_node(pi01_, "pi01", wire::JobFinished{id, exited(0)});
    EXPECT_EQ(job(id), nullptr);
    EXPECT_EQ(detail(id)->exit.exit_status, 0);
}

TEST_F(ExitCodesTest, Exit100WaitsInErrorUntilQmodClearsIt) {
    const JobId id = run_and_exit(100);
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Error);
    EXPECT_TRUE(job(id)->allocation.empty());
    const std::string text = std::to_string(id);
    EXPECT_EQ(detail(id)->error_reason,
              "job exited with status 100 on pi01 (Grid Engine's error code); `qmod -cj " + text +
                  "` runs it again, `qdel " + text + "` deletes it");
    // pi01's core is free for others meanwhile.
    const JobId other = submit(kBob, serial_job("other"));
    EXPECT_EQ(job(other)->state, JobState::Dispatched);
    from_node(pi01_, "pi01", wire::JobFinished{other, exited(0)});

    const auto lines = qmod(kAlice, "clear_jobs", {text});
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_THAT(lines[0], testing::MatchesRegex("alice@.+ cleared error state of job " + text));
    EXPECT_FALSE(failed_);
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
    EXPECT_TRUE(job(id)->error_reason.empty());
}

TEST_F(ExitCodesTest, OnlyTheOwnerOrAManagerClearsAJob) {
    const JobId id = run_and_exit(100);
    const std::string text = std::to_string(id);
    EXPECT_THAT(qmod(kBob, "clear_jobs", {text}),
                ElementsAre("bob - you have no permission to modify job \"" + text + "\""));
    EXPECT_TRUE(failed_);
    EXPECT_EQ(job(id)->state, JobState::Error);

    const auto lines = qmod(kRoot, "clear", {text});  // -c: no queue of that name, so the job
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_THAT(lines[0], HasSubstr("root@"));
    EXPECT_EQ(job(id)->state, JobState::Dispatched);
}

TEST_F(ExitCodesTest, QmodNamesWhatItCannotClear) {
    const JobId id = run_and_exit(0);
    const JobId waiting = submit(kAlice, serial_job("w"));
    (void)id;
    EXPECT_THAT(
        qmod(kAlice, "clear_jobs", {std::to_string(waiting), "99999", "nosuchname"}),
        ElementsAre("Job " + std::to_string(waiting) + " is not in error state",
                    "invalid queue or job \"99999\"", "invalid queue or job \"nosuchname\""));
    EXPECT_TRUE(failed_);
    EXPECT_THAT(qmod(kAlice, "clear", {"99999"}), ElementsAre("invalid queue \"99999\""));
    EXPECT_THAT(qmod(kAlice, "clear_queues", {std::to_string(waiting)}),
                ElementsAre("invalid queue \"" + std::to_string(waiting) + "\""));
}

TEST_F(ExitCodesTest, ADeletedJobStaysDeletedWhateverItExits) {
    const JobId id = submit(kAlice, serial_job("j"));
    from_node(pi01_, "pi01", wire::JobStarted{id});
    call(kAlice, wire::DeleteRequest{{std::to_string(id)}, {}, false});
    from_node(pi01_, "pi01", wire::JobFinished{id, exited(99)});
    EXPECT_EQ(job(id), nullptr);
    EXPECT_TRUE(detail(id)->deleted);
}

TEST_F(ExitCodesTest, AKilledJobIsNotTakenForARequest) {
    const JobId id = submit(kAlice, serial_job("j"));
    ExitRecord killed = exited(100);
    killed.failed = 37;
    killed.failure = "h_rt exceeded";
    from_node(pi01_, "pi01", wire::JobFinished{id, killed});
    EXPECT_EQ(job(id), nullptr);
    EXPECT_EQ(detail(id)->exit.failed, 37);
}

TEST_F(ExitCodesTest, TheErrorStateSurvivesARestart) {
    const JobId id = run_and_exit(100);
    restart();
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Error);
    EXPECT_THAT(job(id)->error_reason, HasSubstr("exited with status 100"));
}

}  // namespace
}  // namespace bramble::scheduler::test
