// A turn whose commit fails changes nothing in memory and acknowledges nothing. The spool is made
// unwritable by reopening it read-only, which fails every write of a turn as a full disk does.
#include <gmock/gmock.h>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using ::testing::HasSubstr;

class FailedCommitTest : public SchedulerTest {
  protected:
    void reopen_unwritable() {
        scheduler_->flush();
        scheduler_.reset();
        auto spool = store::Spool::open_read_only(spool_path());
        ASSERT_TRUE(spool) << spool.message();
        scheduler_ = std::make_unique<Scheduler>(
            *io_, config_, std::move(*spool),
            Clock{[this] { return wall_; }, [this] { return steady_ms_; }});
        auto restored = scheduler_->restore();
        ASSERT_TRUE(restored.ok()) << restored.message();
        settle();
    }

    static std::string refusal(const wire::Message& reply) {
        const auto* error = std::get_if<wire::ErrorReply>(&reply);
        EXPECT_NE(error, nullptr) << "expected a refusal";
        if (error == nullptr) return "";
        EXPECT_TRUE(error->retry) << "the tools may try again";
        return error->message;
    }
};

TEST_F(FailedCommitTest, RequestsThatCouldNotBeSavedChangeNothing) {
    auto held = serial_job("held");
    held.hold = true;
    const JobId id = submit(kAlice, held);
    reopen_unwritable();
    ASSERT_EQ(job(id)->state, JobState::Held);

    EXPECT_THAT(refusal(call(kAlice, wire::DeleteRequest{{std::to_string(id)}, {}, false})),
                HasSubstr("could not be saved"));
    ASSERT_NE(job(id), nullptr) << "a deletion that was not saved did not happen";
    EXPECT_EQ(job(id)->state, JobState::Held);

    EXPECT_THAT(refusal(call(kAlice, wire::HoldRequest{{std::to_string(id)}, {}, false})),
                HasSubstr("could not be saved"));
    EXPECT_EQ(job(id)->state, JobState::Held) << "a release that was not saved did not happen";

    EXPECT_THAT(refusal(call(kAlice, wire::SubmitRequest{serial_job("lost"), "token-1"})),
                HasSubstr("was not queued"));
    EXPECT_EQ(scheduler_->jobs().size(), 1U);
    const auto listed = std::get<wire::JobsReply>(call(kAlice, wire::ListJobsRequest{}));
    EXPECT_EQ(listed.jobs.size(), 1U);
}

TEST_F(FailedCommitTest, ANodeWhoseRegistrationCouldNotBeSavedIsTurnedAwayToTryAgain) {
    reopen_unwritable();
    auto link = register_node("pi01", 2);
    EXPECT_TRUE(link->sent_of<wire::RegisterReply>().empty());
    ASSERT_TRUE(link->closed.has_value());
    EXPECT_THAT(*link->closed, HasSubstr("could not save"));
}

}  // namespace
}  // namespace bramble::scheduler::test
