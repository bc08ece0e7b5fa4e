// Framing: whole frames out of arbitrary chunks; oversized frames refused before they are buffered.
#include "wire/frame.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace bramble::wire {
namespace {

TEST(Frame, HeaderIsBigEndianLength) {
    const std::string bytes = frame("abc");
    ASSERT_EQ(bytes.size(), 7u);
    EXPECT_EQ(bytes.substr(0, 4), std::string("\0\0\0\3", 4));
    EXPECT_EQ(bytes.substr(4), "abc");
}

TEST(Frame, DecoderReassemblesFramesFedOneByteAtATime) {
    const std::string stream = frame("first") + frame("") + frame("third one");
    FrameDecoder decoder;
    std::vector<std::string> bodies;
    for (char byte : stream) {
        decoder.feed(std::string_view(&byte, 1));
        while (true) {
            auto body = decoder.next();
            ASSERT_TRUE(body.ok()) << body.message();
            if (!body->has_value()) break;
            bodies.push_back(**body);
        }
    }
    EXPECT_EQ(bodies, (std::vector<std::string>{"first", "", "third one"}));
    EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(Frame, ALargeReplyFedInChunksComesOutWholeAndTheDecoderServesTheNextFrame) {
    std::string large((std::size_t{3} << 20) + 5, '\0');
    for (std::size_t i = 0; i < large.size(); ++i)
        large[i] = static_cast<char>('a' + i % 26);
    const std::string bytes = frame(large);
    FrameDecoder decoder;
    std::optional<std::string> received;
    constexpr std::size_t kChunk = std::size_t{64} * 1024;
    for (std::size_t at = 0; at < bytes.size() && !received; at += kChunk) {
        decoder.feed(std::string_view(bytes).substr(at, kChunk));
        auto body = decoder.next();
        ASSERT_TRUE(body.ok()) << body.message();
        received = std::move(*body);
    }
    ASSERT_TRUE(received.has_value());
    EXPECT_EQ(*received, large);
    EXPECT_EQ(decoder.buffered(), 0u);

    decoder.feed(frame("next"));
    auto next = decoder.next();
    ASSERT_TRUE(next.ok()) << next.message();
    ASSERT_TRUE(next->has_value());
    EXPECT_EQ(**next, "next");
}

TEST(Frame, TruncatedFrameWaitsForMoreBytes) {
    FrameDecoder decoder;
    decoder.feed(frame("hello").substr(0, 6));
    auto body = decoder.next();
    ASSERT_TRUE(body.ok());
    EXPECT_FALSE(body->has_value());
    EXPECT_EQ(decoder.buffered(), 6u);
}

TEST(Frame, OversizedFrameIsAnErrorNamingTheSizes) {
    FrameDecoder decoder(/*max_body=*/100);
    decoder.feed(std::string("\0\0\1\0", 4));  // 256 bytes announced, 100 allowed
    auto body = decoder.next();
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.message(), "frame of 256 bytes is over the limit of 100");
}

TEST(Frame, AnAnnouncedLengthCostsNothingUntilTheBytesArrive) {
    FrameDecoder decoder;
    decoder.feed(std::string("\x00\x80\x00\x00", 4) + std::string(1000, 'x'));  // 8 MiB claimed
    auto body = decoder.next();
    ASSERT_TRUE(body.ok()) << body.message();
    EXPECT_FALSE(body->has_value());
    EXPECT_LT(decoder.held_bytes(), std::size_t{64} * 1024) << "the decoder trusted the claim";
}

TEST(Frame, ATrustedDecoderMakesRoomForTheWholeFrameAtOnce) {
    FrameDecoder decoder(kMaxFrameBytes, FrameDecoder::Reserve::whole_frame);
    decoder.feed(std::string("\x00\x10\x00\x00", 4));  // 1 MiB announced by our scheduler
    ASSERT_TRUE(decoder.next().ok());
    EXPECT_GE(decoder.held_bytes(), std::size_t{1} << 20);
}

TEST(Frame, AStrangerIsHeldToTheSmallLimitUntilItIsRaised) {
    FrameDecoder decoder(kMaxUnprovenFrameBytes);
    decoder.feed(frame(std::string(kMaxUnprovenFrameBytes + 1, 'x')));
    EXPECT_FALSE(decoder.next().ok());

    FrameDecoder proven(kMaxUnprovenFrameBytes);
    proven.set_max_body(kMaxFrameBytes);
    proven.feed(frame(std::string(kMaxUnprovenFrameBytes + 1, 'x')));
    auto body = proven.next();
    ASSERT_TRUE(body.ok()) << body.message();
    EXPECT_TRUE(body->has_value());
}

TEST(Frame, LongStreamDoesNotGrowTheBufferForever) {
    FrameDecoder decoder;
    const std::string one = frame(std::string(1000, 'x'));
    for (int i = 0; i < 1000; ++i) {
        decoder.feed(one);
        auto body = decoder.next();
        ASSERT_TRUE(body.ok() && body->has_value());
    }
    EXPECT_EQ(decoder.buffered(), 0u);
}

}  // namespace
}  // namespace bramble::wire
