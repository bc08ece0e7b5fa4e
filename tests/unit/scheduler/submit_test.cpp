// Submissions: validation, ids, tokens, and "acknowledged means durable".
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using SubmitTest = SchedulerTest;

TEST_F(SubmitTest, RepliesOnlyAfterTheJobIsCommitted) {
    std::optional<wire::Message> reply;
    scheduler_->handle_client(kAlice, wire::SubmitRequest{serial_job("pi"), "t1"},
                              [&](wire::Message answer) { reply = std::move(answer); });
    EXPECT_FALSE(reply.has_value()) << "replied before the turn's commit";

    settle();
    ASSERT_TRUE(reply.has_value());
    const auto& submitted = std::get<wire::SubmitReply>(*reply);
    EXPECT_EQ(submitted.id, 1U);
    EXPECT_EQ(submitted.name, "pi");

    // Another connection to the spool sees the job: it is durable.
    auto reader = store::Spool::open_read_only(spool_path());
    ASSERT_TRUE(reader.ok()) << reader.message();
    auto stored = (*reader)->load_job(1);
    ASSERT_TRUE(stored.ok()) << stored.message();
    ASSERT_TRUE(stored->has_value());
    EXPECT_EQ((*stored)->owner.user, "alice");
    EXPECT_EQ((*stored)->state, JobState::Pending);
}

TEST_F(SubmitTest, SubmissionsOfOneTurnAreAnsweredTogether) {
    std::vector<JobId> ids;
    for (int i = 0; i < 3; ++i) {
        scheduler_->handle_client(
            kAlice, wire::SubmitRequest{serial_job("burst"), ""},
            [&](wire::Message answer) { ids.push_back(std::get<wire::SubmitReply>(answer).id); });
    }
    EXPECT_TRUE(ids.empty());
    settle();
    EXPECT_EQ(ids, (std::vector<JobId>{1, 2, 3}));
}

TEST_F(SubmitTest, TheSameTokenReturnsTheFirstJobsId) {
    const JobId first = submit(kAlice, serial_job("once"), "token-42");
    EXPECT_EQ(submit(kAlice, serial_job("once"), "token-42"), first);
    EXPECT_EQ(scheduler_->jobs().size(), 1U);

    restart();
    EXPECT_EQ(submit(kAlice, serial_job("once"), "token-42"), first) << "after a restart";
    EXPECT_NE(submit(kAlice, serial_job("twice"), "token-43"), first);
}

TEST_F(SubmitTest, RefusesWhatCanNeverBeQueued) {
    struct Case {
        const char* what;
        Caller caller;
        JobSpec spec;
        const char* says;
    };
    register_node("pi01", 4);
    const Case cases[] = {
        {"unknown user", Caller{4242, 4242, "", "4242"}, serial_job("x"), "uid 4242"},
        {"no slots", kAlice, serial_job("x", 0), "slots 0 is out of range: slots are 1..4096"},
        {"wider than any node", kAlice, serial_job("x", 8), "pi01"},  // 8 slots > 4 cores
    };
    for (const auto& c : cases) {
        auto reply = call(c.caller, wire::SubmitRequest{c.spec, ""});
        const auto* error = std::get_if<wire::ErrorReply>(&reply);
        ASSERT_NE(error, nullptr) << c.what;
        EXPECT_NE(error->message.find(c.says), std::string::npos)
            << c.what << ": " << error->message;
    }
    EXPECT_TRUE(scheduler_->jobs().empty());
}

TEST_F(SubmitTest, WithNoNodeRegisteredAnyShapeIsAccepted) {
    const JobId id = submit(kAlice, serial_job("wide", 64));
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Pending);
}

TEST_F(SubmitTest, HeldJobsWaitHeldAndAreNotDispatched) {
    auto link = register_node("pi01", 4);
    JobSpec spec = serial_job("later");
    spec.hold = true;
    const JobId id = submit(kAlice, spec);
    ASSERT_NE(job(id), nullptr);
    EXPECT_EQ(job(id)->state, JobState::Held);
    EXPECT_TRUE(link->sent_of<wire::StartJob>().empty());
}

TEST_F(SubmitTest, ClientsMayNotSendExecdMessages) {
    auto reply = call(kAlice, wire::JobFinished{1, {}});
    ASSERT_TRUE(std::holds_alternative<wire::ErrorReply>(reply));
}

}  // namespace
}  // namespace bramble::scheduler::test
