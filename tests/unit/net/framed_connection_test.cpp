// What one connection may cost: a request must arrive whole in time, a reply must be read in time,
// a peer that has proved nothing may send only small frames, and the bytes queued for a peer that
// does not read are bounded. A real socket pair on a real io_context, with limits of a tenth of a
// second so the deadlines pass quickly.
#include "net/framed_connection.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "net/connection_caps.hpp"

namespace bramble::net {
namespace {

using namespace std::chrono_literals;
using Local = boost::asio::local::stream_protocol;

class FramedConnectionTest : public ::testing::Test {
  protected:
    FramedConnectionTest() : server_(io_), client_(io_) {
        boost::asio::local::connect_pair(server_, client_);
    }

    std::shared_ptr<UnixConnection> open(ConnectionLimits limits) {
        connection_ = std::make_shared<UnixConnection>(std::move(server_), limits);
        return connection_;
    }

    void start() {
        connection_->start(
            [this](wire::Message message) { received_.push_back(std::move(message)); },
            [this](const std::string& why) { closed_ = why; });
    }

    // The peer's side: bytes written as a blocking client would.
    void peer_sends(const std::string& bytes) {
        boost::asio::write(client_, boost::asio::buffer(bytes));
    }

    // Runs the loop until the connection closes or `limit` passes; the time it took.
    std::chrono::milliseconds run_until_closed(std::chrono::milliseconds limit = 3s) {
        const auto start = std::chrono::steady_clock::now();
        while (!closed_ && std::chrono::steady_clock::now() - start < limit) {
            io_.run_for(10ms);
        }
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
    }

    static std::string header(std::uint32_t length) {
        return std::string{static_cast<char>(length >> 24), static_cast<char>(length >> 16),
                           static_cast<char>(length >> 8), static_cast<char>(length)};
    }

    boost::asio::io_context io_;
    Local::socket server_;
    Local::socket client_;
    std::shared_ptr<UnixConnection> connection_;
    std::vector<wire::Message> received_;
    std::optional<std::string> closed_;
};

ConnectionLimits tenth_of_a_second() {
    ConnectionLimits limits;
    limits.request_time = 100ms;
    limits.write_time = 100ms;
    return limits;
}

TEST_F(FramedConnectionTest, HalfAFrameThenSilenceIsClosedAtTheRequestDeadline) {
    open(tenth_of_a_second());
    start();
    peer_sends(header(100) + "only a few bytes");
    const auto took = run_until_closed();
    ASSERT_TRUE(closed_.has_value()) << "the connection was held for ever";
    EXPECT_EQ(*closed_, "no whole request within 0.1 s");
    EXPECT_LT(took, 2s);
}

TEST_F(FramedConnectionTest, ARequestThatArrivesInTimeIsNotCutOff) {
    open(tenth_of_a_second());
    start();
    peer_sends(wire::frame(wire::encode(wire::ListNodesRequest{})));
    run_until_closed(300ms);
    EXPECT_EQ(received_.size(), 1u);
    EXPECT_FALSE(closed_.has_value()) << *closed_;
}

TEST_F(FramedConnectionTest, AReplyTheClientDoesNotReadIsDroppedAtTheWriteDeadline) {
    open(tenth_of_a_second());
    start();
    peer_sends(wire::frame(wire::encode(wire::ListNodesRequest{})));
    // Far more than a Unix socket's buffer holds, and the client never reads.
    connection_->send(wire::ErrorReply{std::string(std::size_t{4} << 20, 'x')});
    connection_->close_after_send();
    run_until_closed();
    ASSERT_TRUE(closed_.has_value()) << "the reply was held for ever";
    EXPECT_EQ(*closed_, "the peer did not read for 0.1 s");
}

TEST_F(FramedConnectionTest, AStrangerClaimingALargeFrameIsClosedAtOnce) {
    open(ConnectionLimits{});
    connection_->require_auth(auth::SessionAuth(auth::ClusterKey(std::string(32, 'k')),
                                                auth::SessionAuth::Side::Accepting));
    start();
    peer_sends(header(8 * 1024 * 1024) + std::string(1000, 'x'));
    const auto took = run_until_closed();
    ASSERT_TRUE(closed_.has_value());
    EXPECT_EQ(*closed_, "bad frame: frame of 8388608 bytes is over the limit of 4096");
    EXPECT_LT(took, 1s) << "closed only at the handshake deadline, not at once";
}

TEST_F(FramedConnectionTest, BytesQueuedForAPeerThatDoesNotReadAreBounded) {
    ConnectionLimits limits;
    limits.outbox_bytes = 1000;
    open(limits);
    start();
    connection_->send(wire::ErrorReply{std::string(600, 'x')});  // one message always goes whole
    connection_->send(wire::ErrorReply{std::string(600, 'y')});  // 1200 > 1000 queued
    run_until_closed();
    ASSERT_TRUE(closed_.has_value());
    EXPECT_EQ(closed_->rfind("the peer is not reading: ", 0), 0u) << *closed_;
}

TEST_F(FramedConnectionTest, APlaceHeldUntilAuthenticationIsGivenBackWhenTheStrangerLeaves) {
    ConnectionCaps caps(16, 16);
    auto admitted = caps.admit("address 127.0.0.1");
    ASSERT_TRUE(admitted.place.has_value());
    open(ConnectionLimits{});
    connection_->require_auth(auth::SessionAuth(auth::ClusterKey(std::string(32, 'k')),
                                                auth::SessionAuth::Side::Accepting));
    connection_->hold(std::make_shared<ConnectionCaps::Place>(std::move(*admitted.place)),
                      UnixConnection::Until::authenticated);
    start();
    EXPECT_EQ(caps.open_total(), 1u);
    client_.close();
    run_until_closed();
    EXPECT_EQ(caps.open_total(), 0u);
}

}  // namespace
}  // namespace bramble::net
