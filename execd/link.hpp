// The execd's TCP link to the scheduler: connect, frame, decode, and reconnect with backoff
// (0.2 s doubling to 5 s) forever. A garbage, truncated or oversized frame closes this connection
// only; the link logs why and connects again. Each connection first proves the cluster key both
// ways and then signs every message (auth/session_auth.hpp): a scheduler that cannot prove the key
// is never told anything. What to say on a fresh connection and what to do with a message is the
// owner's business (Execd), not the link's.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "auth/session_auth.hpp"
#include "wire/frame.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

class SchedulerLink {
  public:
    struct Handlers {
        std::function<void()>
            connected;  // authenticated; the first thing sent must be RegisterNode
        std::function<void(wire::Message)> message;
        std::function<void()> disconnected;
    };

    SchedulerLink(boost::asio::io_context& io, std::string host, std::string port,
                  auth::ClusterKey key, Handlers handlers);

    void start();
    // Queues a message on the current connection; dropped when there is none (the owner resends
    // what matters after the next registration).
    void send(const wire::Message& message);
    [[nodiscard]] bool connected() const { return connected_; }
    [[nodiscard]] std::string address() const { return host_ + ":" + port_; }
    // The local address of the current connection ("" when none): the address this node is
    // reached at from the scheduler's side of the network.
    [[nodiscard]] std::string local_address() const;

  private:
    void connect();
    void retry_later();
    void read();
    void take_frames();
    bool take_signed(std::string& body);
    void queue_frame(std::string_view body);
    void write_next();
    void close(const std::string& why);

    std::string host_;
    std::string port_;
    auth::ClusterKey key_;
    Handlers handlers_;
    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer retry_;  // the backoff, and the handshake's deadline
    std::chrono::milliseconds backoff_;
    // Small until the scheduler has proved the cluster key: whoever answers at its address could
    // otherwise make us buffer a large frame.
    wire::FrameDecoder decoder_{wire::kMaxUnprovenFrameBytes};
    std::optional<auth::SessionAuth> auth_;  // the current connection's
    std::deque<std::string> outbox_;
    std::array<char, std::size_t{64} * 1024> buffer_{};
    bool connected_ = false;  // and authenticated
    bool writing_ = false;
    std::uint64_t generation_ = 0;  // bumps on close, so handlers of an old connection stand down
};

}  // namespace bramble::execd
