// Grid Engine's exit codes: a job that exits 99 is queued again and runs again;
// one that exits 100 waits in Eqw with the reason. A job being deleted stays
// deleted whatever it exits with.
#include <gmock/gmock.h>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

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

    std::shared_ptr<RecordingLink> pi01_ = register_node("pi01", 1);
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

TEST_F(ExitCodesTest, Exit100WaitsInErrorWithTheReason) {
    const JobId id = run_and_exit(100);
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Error);
    EXPECT_TRUE(job(id)->allocation.empty());
    const std::string text = std::to_string(id);
    EXPECT_EQ(detail(id)->error_reason,
              "job exited with status 100 on pi01 "
              "(Grid Engine's error code); `qmod -cj " +
                  text + "` runs it again, `qdel " + text + "` deletes it");
    // pi01's core is free for others meanwhile.
    const JobId other = submit(kBob, serial_job("other"));
    EXPECT_EQ(job(other)->state, JobState::Dispatched);
    from_node(pi01_, "pi01", wire::JobFinished{other, exited(0)});
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
