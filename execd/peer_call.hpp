// One request to another node's execd over TCP: connect to its "address:port", send the request,
// and hand every answer to the caller until the connection ends. Cancelling closes the connection,
// which the other execd takes as "kill what you started for me".
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "auth/cluster_key.hpp"
#include "net/framed_connection.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

class PeerCall : public std::enable_shared_from_this<PeerCall> {
  public:
    using OnMessage = std::function<void(wire::Message)>;
    using OnClose = std::function<void(const std::string& why)>;

    // `one_way`: close once the request is written (KillJob), expecting no answer.
    static std::shared_ptr<PeerCall> start(boost::asio::io_context& io, const std::string& address,
                                           const auth::ClusterKey& key, wire::Message request,
                                           bool one_way, OnMessage on_message, OnClose on_close);
    void cancel();
    // Another message after the request (qrsh CMD's input), sent once the call is connected;
    // false when more than `max_waiting` bytes would wait for the connection.
    bool send(wire::Message message, std::size_t max_waiting);

    PeerCall(boost::asio::io_context& io, std::string address, auth::ClusterKey key,
             wire::Message request, bool one_way, OnMessage on_message, OnClose on_close);

  private:
    void connect();
    void closed(const std::string& why);

    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::ip::tcp::socket socket_;
    std::string address_;
    auth::ClusterKey key_;
    wire::Message request_;
    std::vector<wire::Message> queued_;  // sent after the request, once connected
    std::size_t queued_bytes_ = 0;
    bool one_way_;
    OnMessage on_message_;
    OnClose on_close_;
    std::shared_ptr<net::TcpConnection> connection_;
    bool cancelled_ = false;
};

}  // namespace bramble::execd
