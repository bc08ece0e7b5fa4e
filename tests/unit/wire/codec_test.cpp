// The codec: every message survives a round trip; untrusted bytes give errors, never exceptions.
#include "wire/codec.hpp"

#include <gtest/gtest.h>

namespace bramble::wire {
namespace {

TEST(Codec, SubmitRoundTripKeepsTheSpec) {
    SubmitRequest request;
    request.token = "0123abcd";
    request.spec.name = "pi";
    request.spec.script = "#!/bin/sh\necho hi\n";
    request.spec.slots = 4;
    request.spec.memory_per_slot = 512ull << 20;
    request.spec.env = {{"A", "1"}, {"B", "two"}};
    auto decoded = decode(encode(request));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    const auto& back = std::get<SubmitRequest>(*decoded);
    EXPECT_EQ(back.token, "0123abcd");
    EXPECT_EQ(back.spec.name, "pi");
    EXPECT_EQ(back.spec.script, request.spec.script);
    EXPECT_EQ(back.spec.slots, 4);
    EXPECT_EQ(back.spec.memory_per_slot, 512ull << 20);
    EXPECT_EQ(back.spec.env, request.spec.env);
}

TEST(Codec, EveryMessageTypeHasItsOwnName) {
    EXPECT_EQ(type_name(Message{ListNodesRequest{}}), "list_nodes");
    EXPECT_EQ(type_name(Message{JobFinished{}}), "job_finished");
    auto decoded = decode(encode(Message{FinishedAck{42}}));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    EXPECT_EQ(std::get<FinishedAck>(*decoded).id, 42u);
}

struct BadBody {
    std::string body;
    std::string error;
};

class CodecRejects : public ::testing::TestWithParam<BadBody> {};

TEST_P(CodecRejects, WithAMessageForPeople) {
    auto decoded = decode(GetParam().body);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.message().find(GetParam().error), std::string::npos) << decoded.message();
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, CodecRejects,
    ::testing::Values(BadBody{"", "not a JSON object"},
                      BadBody{"\x01\x02garbage", "not a JSON object"},
                      BadBody{"[1,2]", "not a JSON object"},
                      BadBody{R"({"type":"submit"})", "unsupported protocol version"},
                      BadBody{R"({"v":99,"type":"submit"})", "unsupported protocol version"},
                      BadBody{R"({"v":1})", "no type"},
                      BadBody{R"({"v":1,"type":"launch_missiles"})",
                              "unknown message type 'launch_missiles'"},
                      BadBody{R"({"v":1,"type":"finished_ack","id":"forty-two"})",
                              "malformed 'finished_ack' message"},
                      BadBody{R"({"v":1,"type":"submit","spec":{"slots":"many"}})",
                              "malformed 'submit' message"}));

}  // namespace
}  // namespace bramble::wire
