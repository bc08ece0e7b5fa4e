// One framed, message-level connection on Asio: reads frames, decodes them and hands each Message
// to the owner; queues outgoing messages and writes them in order. Works for Unix and TCP sockets
// alike. All handlers run on the socket's executor (the daemon's single thread), so there are no
// locks. A malformed, truncated or oversized frame closes this connection only and reports why.
// Between daemons (require_auth) both sides first prove the cluster key and then sign every
// message (auth/session_auth.hpp); messages sent before that are held until it is done. What a
// connection may cost (frame size, deadlines, queued bytes) is its ConnectionLimits.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // Boost 1.74 Asio uses std::exchange without including it
#include <vector>

#include <boost/asio.hpp>

#include "auth/session_auth.hpp"
#include "net/connection_limits.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::net {

// How the close reason of a peer that failed the cluster-key handshake begins.
inline constexpr std::string_view kNotAClusterDaemon = "not a daemon of this cluster: ";

template <class Socket>
class FramedConnection : public std::enable_shared_from_this<FramedConnection<Socket>> {
  public:
    using MessageHandler = std::function<void(wire::Message)>;
    using CloseHandler = std::function<void(const std::string& why)>;

    explicit FramedConnection(Socket socket, ConnectionLimits limits = {})
        : socket_(std::move(socket)), limits_(limits), decoder_(limits.frame_bytes) {}

    // Before start(): the peer is a daemon and must prove the cluster key before any message; until
    // it has, its frames are held to the small limit.
    void require_auth(auth::SessionAuth auth) {
        auth_.emplace(std::move(auth));
        decoder_.set_max_body(limits_.unproven_frame_bytes);
    }

    // Something the owner keeps while this connection is open (a place in a listener's count of
    // connections), or only until the peer has proved the cluster key.
    enum class Until { closed, authenticated };
    void hold(std::shared_ptr<void> place, Until until) {
        (until == Until::closed ? held_until_closed_ : held_until_authenticated_) =
            std::move(place);
    }

    // Starts reading. on_message gets every decoded message; on_close is called once, with a reason
    // ("peer closed the connection", "bad frame: ..."), when the connection ends for any reason.
    void start(MessageHandler on_message, CloseHandler on_close) {
        on_message_ = std::move(on_message);
        on_close_ = std::move(on_close);
        if (auth_) {
            for (const std::string& body : auth_->opening())
                queue_frame(body);
            arm_handshake_deadline();
        }
        if (limits_.request_time.count() > 0) arm_request_deadline();
        read_some();
    }

    void send(const wire::Message& message) {
        if (closed_ || overflowing_) return;
        if (!auth_) {
            queue_frame(wire::encode(message));
        } else if (auth_->ready()) {
            queue_frame(auth_->seal(wire::encode(message)));
        } else if (std::string body = wire::encode(message); fits_outbox(body.size())) {
            queued_bytes_ += body.size();
            held_.push_back(std::move(body));
        }
    }

    // Closes after the queued messages have been written (a reply, then goodbye), including those
    // still waiting for the handshake.
    void close_after_send() {
        closing_ = true;
        if (outbox_.empty() && held_.empty()) close("closed by us");
    }

    void close(const std::string& why) {
        if (closed_) return;
        closed_ = true;
        if (handshake_deadline_) handshake_deadline_->cancel();
        if (request_deadline_) request_deadline_->cancel();
        if (write_deadline_) write_deadline_->cancel();
        held_until_closed_.reset();
        held_until_authenticated_.reset();
        boost::system::error_code ignored;
        socket_.shutdown(Socket::shutdown_both, ignored);
        socket_.close(ignored);
        if (on_close_) {
            auto handler = std::move(on_close_);
            handler(why);
        }
        on_message_ = nullptr;
    }

    [[nodiscard]] bool closed() const { return closed_; }
    Socket& socket() { return socket_; }

  private:
    void read_some() {
        auto self = this->shared_from_this();
        socket_.async_read_some(boost::asio::buffer(read_buffer_.get(), kReadChunk),
                                [self](const boost::system::error_code& error, std::size_t n) {
                                    self->on_read(error, n);
                                });
    }

    void on_read(const boost::system::error_code& error, std::size_t n) {
        if (closed_) return;
        if (error) {
            close(error == boost::asio::error::eof ? "peer closed the connection"
                                                   : error.message());
            return;
        }
        decoder_.feed(std::string_view(read_buffer_.get(), n));
        while (!closed_) {
            auto body = decoder_.next();
            if (!body) return close("bad frame: " + body.message());
            if (!body->has_value()) break;
            if (auth_ && !take_signed(**body)) continue;
            auto message = wire::decode(**body);
            if (!message) return close("bad message: " + message.message());
            delivered_ = true;
            on_message_(std::move(*message));
        }
        if (!closed_) read_some();
    }

    void arm_handshake_deadline() {
        handshake_deadline_.emplace(socket_.get_executor());
        handshake_deadline_->expires_after(auth::kHandshakeTime);
        std::weak_ptr<FramedConnection> weak = this->weak_from_this();
        handshake_deadline_->async_wait([weak](const boost::system::error_code& error) {
            auto self = weak.lock();
            if (error || !self || self->closed_ || self->auth_->ready()) return;
            self->close(std::string(kNotAClusterDaemon) + "no proof of the cluster key within " +
                        std::to_string(auth::kHandshakeTime.count()) + " s");
        });
    }

    // Whole request within limits_.request_time of start(), or the connection is closed.
    void arm_request_deadline() {
        request_deadline_.emplace(socket_.get_executor());
        request_deadline_->expires_after(limits_.request_time);
        std::weak_ptr<FramedConnection> weak = this->weak_from_this();
        request_deadline_->async_wait([weak](const boost::system::error_code& error) {
            auto self = weak.lock();
            if (error || !self || self->closed_ || self->delivered_) return;
            self->close("no whole request within " + seconds_text(self->limits_.request_time));
        });
    }

    // Each write must complete within limits_.write_time: a peer that does not read is cut off.
    void arm_write_deadline() {
        if (!write_deadline_) write_deadline_.emplace(socket_.get_executor());
        write_deadline_->expires_after(limits_.write_time);
        std::weak_ptr<FramedConnection> weak = this->weak_from_this();
        write_deadline_->async_wait(
            [weak, write = writes_done_](const boost::system::error_code& error) {
                auto self = weak.lock();
                if (error || !self || self->closed_ || self->writes_done_ != write) return;
                self->close("the peer did not read for " + seconds_text(self->limits_.write_time));
            });
    }

    static std::string seconds_text(std::chrono::milliseconds time) {
        const auto tenths = time.count() / 100;
        return std::to_string(tenths / 10) +
               (tenths % 10 != 0 ? "." + std::to_string(tenths % 10) : std::string()) + " s";
    }

    // Whether `bytes` more may queue for the peer; when not, the connection is closed, after the
    // handler that is sending has returned (closing inside it would re-enter its owner).
    bool fits_outbox(std::size_t bytes) {
        if (queued_bytes_ == 0 || queued_bytes_ + bytes <= limits_.outbox_bytes) return true;
        overflowing_ = true;
        const std::string why = "the peer is not reading: " + std::to_string(queued_bytes_) +
                                " bytes wait to be sent, and the limit is " +
                                std::to_string(limits_.outbox_bytes);
        boost::asio::post(socket_.get_executor(),
                          [self = this->shared_from_this(), why] { self->close(why); });
        return false;
    }

    void queue_frame(std::string_view body) {
        if (!fits_outbox(kFrameOverhead + body.size())) return;
        outbox_.push_back(wire::frame(body));
        queued_bytes_ += outbox_.back().size();
        if (outbox_.size() == 1) write_next();
    }

    // Runs a frame through the handshake or the signature check; true when `body` now holds a
    // checked message to decode. Closes the connection when the peer fails.
    bool take_signed(std::string& body) {
        auto received = auth_->receive(std::move(body));
        if (!received) {
            close(std::string(kNotAClusterDaemon) + received.message());
            return false;
        }
        for (const std::string& reply : received->replies)
            queue_frame(reply);
        if (received->became_ready) {
            handshake_deadline_->cancel();
            held_until_authenticated_.reset();
            decoder_.set_max_body(limits_.frame_bytes);
            for (const std::string& held : held_) {
                queued_bytes_ -= held.size();
                queue_frame(auth_->seal(held));
            }
            held_.clear();
        }
        if (!received->message) return false;
        body = std::move(*received->message);
        return true;
    }

    void write_next() {
        if (limits_.write_time.count() > 0) arm_write_deadline();
        auto self = this->shared_from_this();
        boost::asio::async_write(socket_, boost::asio::buffer(outbox_.front()),
                                 [self](const boost::system::error_code& error, std::size_t) {
                                     self->on_written(error);
                                 });
    }

    void on_written(const boost::system::error_code& error) {
        if (closed_) return;
        if (error) return close("write failed: " + error.message());
        ++writes_done_;
        queued_bytes_ -= outbox_.front().size();
        outbox_.pop_front();
        if (!outbox_.empty()) return write_next();
        if (closing_ && held_.empty()) close("closed by us");
    }

    static constexpr std::size_t kReadChunk = std::size_t{64} * 1024;
    static constexpr std::size_t kFrameOverhead = wire::kFrameHeaderBytes;

    Socket socket_;
    ConnectionLimits limits_;
    wire::FrameDecoder decoder_;
    // Not zeroed: an idle connection costs only the pages the kernel writes into.
    std::unique_ptr<char[]> read_buffer_ = std::make_unique_for_overwrite<char[]>(kReadChunk);
    std::deque<std::string> outbox_;
    std::size_t queued_bytes_ = 0;  // in outbox_ and held_
    std::uint64_t writes_done_ = 0;
    std::optional<auth::SessionAuth> auth_;
    std::optional<boost::asio::steady_timer> handshake_deadline_;  // while auth_ is not ready
    std::optional<boost::asio::steady_timer> request_deadline_;    // until the first message
    std::optional<boost::asio::steady_timer> write_deadline_;      // while a write is under way
    std::vector<std::string> held_;  // encoded messages waiting for the handshake
    std::shared_ptr<void> held_until_closed_;
    std::shared_ptr<void> held_until_authenticated_;
    MessageHandler on_message_;
    CloseHandler on_close_;
    bool delivered_ = false;    // a whole message has arrived
    bool overflowing_ = false;  // the outbox went over its limit; closing
    bool closing_ = false;
    bool closed_ = false;
};

using UnixConnection = FramedConnection<boost::asio::local::stream_protocol::socket>;
using TcpConnection = FramedConnection<boost::asio::ip::tcp::socket>;

}  // namespace bramble::net
