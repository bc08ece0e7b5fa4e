// Requests a node relays for its users: answered as the user's own on the head, over the link they
// came on, if the node is a submit host and the head knows the vouched uid by the same name; root
// only when relay_root allows; a retried submission finds its first job by the token.
#include <gmock/gmock.h>
#include <pwd.h>

#include "scheduler_fixture.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler::test {
namespace {

class RelayedRequestsTest : public SchedulerTest {
  protected:
    void SetUp() override {
        const passwd* entry = ::getpwnam("nobody");
        if (entry == nullptr) GTEST_SKIP() << "needs the user nobody";
        user_ = Caller{entry->pw_uid, entry->pw_gid, entry->pw_name, ""};
    }

    // The scheduler's answer to `request`, relayed by `node` over `link` for the caller given.
    wire::Message relay(const std::shared_ptr<RecordingLink>& link, const std::string& node,
                        const Caller& caller, const wire::Message& request, std::uint64_t id = 1) {
        link->sent.clear();
        from_node(
            link, node,
            wire::RelayedRequest{id, caller.uid, caller.gid, caller.user, wire::encode(request)});
        const auto replies = link->sent_of<wire::RelayedReply>();
        if (replies.size() != 1 || replies.front().id != id) {
            ADD_FAILURE() << "no relayed reply " << id;
            return wire::ErrorReply{"no reply"};
        }
        auto reply = wire::decode(replies.front().reply);
        if (!reply) return wire::ErrorReply{"undecodable: " + reply.message()};
        return *reply;
    }

    static std::string refusal(const wire::Message& reply) {
        const auto* error = std::get_if<wire::ErrorReply>(&reply);
        return error ? error->message : "accepted";
    }

    Caller user_;
};

TEST_F(RelayedRequestsTest, ASubmissionIsTheVouchedUsersAndARetryFindsItByItsToken) {
    auto link = register_node("pi02", 2);
    const wire::SubmitRequest submission{serial_job("relayed"), "token-1"};
    const auto reply = relay(link, "pi02", user_, submission);
    const auto* submitted = std::get_if<wire::SubmitReply>(&reply);
    ASSERT_NE(submitted, nullptr) << refusal(reply);
    ASSERT_NE(job(submitted->id), nullptr);
    EXPECT_EQ(job(submitted->id)->owner.user, user_.user);
    EXPECT_EQ(job(submitted->id)->owner.uid, user_.uid);

    // The link dropped before the answer arrived; the node comes back and relays it again.
    auto again = register_node("pi02", 2);
    const auto retried = relay(again, "pi02", user_, submission, 7);
    ASSERT_TRUE(std::holds_alternative<wire::SubmitReply>(retried)) << refusal(retried);
    EXPECT_EQ(std::get<wire::SubmitReply>(retried).id, submitted->id);
    EXPECT_EQ(scheduler_->jobs().size(), 1U);
}

TEST_F(RelayedRequestsTest, RootIsRelayedOnlyWhenTheConfigSaysSo) {
    auto link = register_node("pi02", 2);
    EXPECT_EQ(refusal(relay(link, "pi02", kRoot, wire::ListJobsRequest{})),
              "node pi02 may not relay root's requests (relay_root is off in the scheduler's "
              "config); run the command as root on the head node");
    config_.relay_root = true;
    restart();
    auto allowed = register_node("pi02", 2);
    EXPECT_EQ(refusal(relay(allowed, "pi02", kRoot, wire::ListJobsRequest{})), "accepted");
}

TEST_F(RelayedRequestsTest, TheHeadMustKnowTheUidByTheSameName) {
    auto link = register_node("pi02", 2);
    Caller renamed = user_;
    renamed.user = "mallory";
    const std::string uid = std::to_string(user_.uid);
    EXPECT_EQ(refusal(relay(link, "pi02", renamed, wire::ListJobsRequest{})),
              "node pi02 vouches for uid " + uid +
                  " as 'mallory', but the head node's user "
                  "database names uid " +
                  uid + " '" + user_.user + "'; uids and user names must match across the cluster");
    EXPECT_EQ(refusal(relay(link, "pi02", Caller{4000000, 4000000, "ghost", ""},
                            wire::ListJobsRequest{})),
              "uid 4000000 ('ghost' on node pi02) has no entry in the head node's user "
              "database; uids and user names must match across the cluster");
}

TEST_F(RelayedRequestsTest, OnlySubmitHostsRelay) {
    config_.submit_hosts = std::vector<std::string>{"pi01"};
    restart();
    auto pi01 = register_node("pi01", 2);
    auto pi02 = register_node("pi02", 2);
    EXPECT_EQ(refusal(relay(pi01, "pi01", user_, wire::ListJobsRequest{})), "accepted");
    EXPECT_EQ(refusal(relay(pi02, "pi02", user_, wire::ListJobsRequest{})),
              "node pi02 is not a submit host of this cluster (submit_hosts: pi01); run the "
              "command on a submit host or on the head node, or ask an administrator to add pi02 "
              "to submit_hosts");
    config_.submit_hosts = std::vector<std::string>{};
    restart();
    auto none = register_node("pi01", 2);
    EXPECT_THAT(refusal(relay(none, "pi01", user_, wire::ListJobsRequest{})),
                ::testing::HasSubstr("(submit_hosts: none)"));
}

TEST_F(RelayedRequestsTest, ARelayedRequestMayOnlyBeAClientRequest) {
    auto link = register_node("pi02", 2);
    EXPECT_EQ(refusal(relay(link, "pi02", user_, wire::KillJob{1, "forged"})),
              "the scheduler does not accept kill_job from a client");
    EXPECT_EQ(refusal(relay(link, "pi02", user_,
                            wire::RelayedRequest{2, 0, 0, "root", wire::encode(wire::KillJob{})})),
              "the scheduler does not accept relayed_request from a client");
}

}  // namespace
}  // namespace bramble::scheduler::test
