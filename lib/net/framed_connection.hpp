// One framed, message-level connection on Asio: reads frames, decodes them and hands each Message
// to the owner; queues outgoing messages and writes them in order. Works for Unix and TCP sockets
// alike. All handlers run on the socket's executor (the daemon's single thread), so there are no
// locks. A malformed, truncated or oversized frame closes this connection only and reports why.
// Between daemons (require_auth) both sides first prove the cluster key and then sign every
// message (auth/session_auth.hpp); messages sent before that are held until it is done.
#pragma once

#include <array>
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

    explicit FramedConnection(Socket socket) : socket_(std::move(socket)) {}

    // Before start(): the peer is a daemon and must prove the cluster key before any message.
    void require_auth(auth::SessionAuth auth) { auth_.emplace(std::move(auth)); }

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
        read_some();
    }

    void send(const wire::Message& message) {
        if (closed_) return;
        if (!auth_) {
            queue_frame(wire::encode(message));
        } else if (auth_->ready()) {
            queue_frame(auth_->seal(wire::encode(message)));
        } else {
            held_.push_back(wire::encode(message));
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
        socket_.async_read_some(boost::asio::buffer(read_buffer_),
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
        decoder_.feed(std::string_view(read_buffer_.data(), n));
        while (!closed_) {
            auto body = decoder_.next();
            if (!body) return close("bad frame: " + body.message());
            if (!body->has_value()) break;
            if (auth_ && !take_signed(**body)) continue;
            auto message = wire::decode(**body);
            if (!message) return close("bad message: " + message.message());
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

    void queue_frame(std::string_view body) {
        outbox_.push_back(wire::frame(body));
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
            for (const std::string& held : held_)
                queue_frame(auth_->seal(held));
            held_.clear();
        }
        if (!received->message) return false;
        body = std::move(*received->message);
        return true;
    }

    void write_next() {
        auto self = this->shared_from_this();
        boost::asio::async_write(socket_, boost::asio::buffer(outbox_.front()),
                                 [self](const boost::system::error_code& error, std::size_t) {
                                     self->on_written(error);
                                 });
    }

    void on_written(const boost::system::error_code& error) {
        if (closed_) return;
        if (error) return close("write failed: " + error.message());
        outbox_.pop_front();
        if (!outbox_.empty()) return write_next();
        if (closing_ && held_.empty()) close("closed by us");
    }

    Socket socket_;
    wire::FrameDecoder decoder_;
    std::array<char, std::size_t{64} * 1024> read_buffer_{};
    std::deque<std::string> outbox_;
    std::optional<auth::SessionAuth> auth_;
    std::optional<boost::asio::steady_timer> handshake_deadline_;  // while auth_ is not ready
    std::vector<std::string> held_;  // encoded messages waiting for the handshake
    MessageHandler on_message_;
    CloseHandler on_close_;
    bool closing_ = false;
    bool closed_ = false;
};

using UnixConnection = FramedConnection<boost::asio::local::stream_protocol::socket>;
using TcpConnection = FramedConnection<boost::asio::ip::tcp::socket>;

}  // namespace bramble::net
