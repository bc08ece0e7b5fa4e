// Two daemons' handshake and signed messages, driven by hand: what passes, and what is refused.
#include "auth/session_auth.hpp"

#include <gtest/gtest.h>

namespace bramble::auth {
namespace {

const ClusterKey kKey("the cluster's own secret");
const ClusterKey kOtherKey("another cluster's secret");

struct Pair {
    SessionAuth accepting{kKey, SessionAuth::Side::Accepting};
    SessionAuth connecting;
    explicit Pair(const ClusterKey& connecting_key = kKey)
        : connecting(connecting_key, SessionAuth::Side::Connecting) {}
};

// Runs the three-step handshake; the error of the first side that refuses, if any.
std::string shake(Pair& pair) {
    const auto challenge = pair.accepting.opening();
    if (challenge.size() != 1) return "no challenge";
    auto proof = pair.connecting.receive(challenge[0]);
    if (!proof) return proof.message();
    if (proof->replies.size() != 1 || proof->became_ready) return "no proof";
    auto acceptance = pair.accepting.receive(proof->replies[0]);
    if (!acceptance) return acceptance.message();
    if (acceptance->replies.size() != 1 || !acceptance->became_ready) return "no acceptance";
    auto done = pair.connecting.receive(acceptance->replies[0]);
    if (!done) return done.message();
    return done->became_ready ? "" : "not ready";
}

TEST(SessionAuth, DaemonsWithTheSameKeyExchangeSignedMessagesBothWays) {
    Pair pair;
    ASSERT_EQ(shake(pair), "");
    ASSERT_TRUE(pair.accepting.ready());
    ASSERT_TRUE(pair.connecting.ready());
    for (const std::string text : {"register pi01", "heartbeat", ""}) {
        auto up = pair.accepting.receive(pair.connecting.seal(text));
        ASSERT_TRUE(up.ok()) << up.message();
        EXPECT_EQ(up->message, text);
        auto down = pair.connecting.receive(pair.accepting.seal("ack " + text));
        ASSERT_TRUE(down.ok()) << down.message();
        EXPECT_EQ(down->message, "ack " + text);
    }
}

TEST(SessionAuth, AConnectingDaemonWithAnotherKeyIsRefused) {
    Pair pair(kOtherKey);
    EXPECT_EQ(shake(pair), "the peer does not hold this cluster's key (its proof does not match)");
}

TEST(SessionAuth, AnAcceptingDaemonWithAnotherKeyIsRefusedByTheConnectingOne) {
    SessionAuth impostor(kOtherKey, SessionAuth::Side::Accepting);
    SessionAuth execd(kKey, SessionAuth::Side::Connecting);
    auto proof = execd.receive(impostor.opening()[0]);
    ASSERT_TRUE(proof.ok());
    // The impostor cannot check the proof, so it cannot make the answer either; it tries zeros.
    EXPECT_FALSE(impostor.receive(proof->replies[0]).ok());
    auto answer = execd.receive("bramble-auth-1 accept " + std::string(64, '0'));
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.message(),
              "the peer does not hold this cluster's key (its proof does not match)");
    EXPECT_FALSE(execd.ready());
}

TEST(SessionAuth, AMessageBeforeTheHandshakeIsRefused) {
    SessionAuth scheduler(kKey, SessionAuth::Side::Accepting);
    (void)scheduler.opening();
    auto received = scheduler.receive(R"({"type":"register_node","v":1})");
    ASSERT_FALSE(received.ok());
    EXPECT_EQ(received.message(),
              R"(expected a proof of the cluster key, got "{"type":"register_node","v":1}")");
    auto again = scheduler.receive("anything");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.message(), "the connection already failed its authentication");
}

TEST(SessionAuth, AlteredReplayedAndReflectedMessagesAreRefused) {
    {
        Pair pair;
        ASSERT_EQ(shake(pair), "");
        std::string sealed = pair.connecting.seal("kill job 7");
        sealed.back() = '8';
        auto altered = pair.accepting.receive(sealed);
        ASSERT_FALSE(altered.ok());
        EXPECT_EQ(altered.message(),
                  "message 0 failed its signature check (forged, altered or replayed)");
    }
    {
        Pair pair;
        ASSERT_EQ(shake(pair), "");
        const std::string sealed = pair.connecting.seal("kill job 7");
        ASSERT_TRUE(pair.accepting.receive(sealed).ok());
        EXPECT_FALSE(pair.accepting.receive(sealed).ok());
    }
    {
        Pair pair;
        ASSERT_EQ(shake(pair), "");
        // A message of the scheduler's, sent back to it as if the execd had said it.
        EXPECT_FALSE(pair.accepting.receive(pair.accepting.seal("start job 7")).ok());
    }
    {
        Pair first;
        Pair second;
        ASSERT_EQ(shake(first), "");
        ASSERT_EQ(shake(second), "");
        // Fresh nonces make every connection's session key its own.
        EXPECT_FALSE(second.accepting.receive(first.connecting.seal("start job 7")).ok());
    }
}

TEST(SessionAuth, ReorderedAndUnsignedMessagesAreRefused) {
    {
        Pair pair;
        ASSERT_EQ(shake(pair), "");
        const std::string first = pair.connecting.seal("job 7 started");
        const std::string second = pair.connecting.seal("job 7 finished");
        auto out_of_order = pair.accepting.receive(second);
        ASSERT_FALSE(out_of_order.ok());
        EXPECT_EQ(out_of_order.message(),
                  "message 0 failed its signature check (forged, altered or replayed)");
        // Once refused, the connection stays refused: the right message cannot follow.
        EXPECT_FALSE(pair.accepting.receive(first).ok());
    }
    {
        Pair pair;
        ASSERT_EQ(shake(pair), "");
        auto unsigned_message = pair.accepting.receive("{\"type\":\"heartbeat\"}");
        ASSERT_FALSE(unsigned_message.ok());
        EXPECT_EQ(unsigned_message.message(), "message 0 carries no signature");
    }
}

}  // namespace
}  // namespace bramble::auth
