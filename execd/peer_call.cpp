// A request to another execd (see peer_call.hpp).
#include "execd/peer_call.hpp"

#include <boost/asio/connect.hpp>

#include "wire/codec.hpp"

namespace bramble::execd {

using boost::asio::ip::tcp;

namespace {

// "10.0.0.2:7445" or "[fe80::1]:7445" -> host and port.
std::pair<std::string, std::string> split(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) return {address, "7445"};
    std::string host = address.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    return {host, address.substr(colon + 1)};
}

}  // namespace

PeerCall::PeerCall(boost::asio::io_context& io, std::string address, auth::ClusterKey key,
                   wire::Message request, bool one_way, OnMessage on_message, OnClose on_close)
    : resolver_(io),
      socket_(io),
      address_(std::move(address)),
      key_(std::move(key)),
      request_(std::move(request)),
      one_way_(one_way),
      on_message_(std::move(on_message)),
      on_close_(std::move(on_close)) {}

std::shared_ptr<PeerCall> PeerCall::start(boost::asio::io_context& io, const std::string& address,
                                          const auth::ClusterKey& key, wire::Message request,
                                          bool one_way, OnMessage on_message, OnClose on_close) {
    auto call = std::make_shared<PeerCall>(io, address, key, std::move(request), one_way,
                                           std::move(on_message), std::move(on_close));
    call->connect();
    return call;
}

void PeerCall::connect() {
    auto self = shared_from_this();
    const auto [host, port] = split(address_);
    resolver_.async_resolve(host, port, [this, self](auto ec, tcp::resolver::results_type found) {
        if (cancelled_) return closed("cancelled");
        if (ec) return closed("cannot resolve " + address_ + ": " + ec.message());
        boost::asio::async_connect(socket_, found, [this, self](auto error, const auto&) {
            if (cancelled_) return closed("cancelled");
            if (error) return closed("cannot connect to " + address_ + ": " + error.message());
            boost::system::error_code ignored;
            socket_.set_option(tcp::no_delay(true), ignored);
            connection_ = std::make_shared<net::TcpConnection>(std::move(socket_));
            connection_->require_auth(auth::SessionAuth(key_, auth::SessionAuth::Side::Connecting));
            connection_->start(
                [this, self](wire::Message m) {
                    if (on_close_) on_message_(std::move(m));
                },
                [this, self](const std::string& why) { closed(why); });
            connection_->send(request_);
            for (const auto& message : queued_)
                connection_->send(message);
            queued_.clear();
            if (one_way_) connection_->close_after_send();
        });
    });
}

void PeerCall::cancel() {
    if (cancelled_) return;
    cancelled_ = true;
    resolver_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    // A copy: the close handler below lets go of connection_.
    if (auto connection = connection_) connection->close("cancelled");
}

bool PeerCall::send(wire::Message message, std::size_t max_waiting) {
    if (cancelled_ || !on_close_) return true;
    if (connection_) {
        connection_->send(message);
        return true;
    }
    queued_bytes_ += wire::encode(message).size();
    if (queued_bytes_ > max_waiting) return false;
    queued_.push_back(std::move(message));
    return true;
}

void PeerCall::closed(const std::string& why) {
    if (!on_close_) return;
    auto handler = std::move(on_close_);
    on_close_ = nullptr;  // from now on, answers are dropped
    connection_.reset();
    handler(why);
}

}  // namespace bramble::execd
