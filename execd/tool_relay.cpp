// The execd's tool socket (see tool_relay.hpp): who the caller is, whether this node relays for
// them, and the requests out on the link until their answers come back.
#include "execd/tool_relay.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "execd/log.hpp"
#include "net/connection_limits.hpp"
#include "net/peer_credentials.hpp"
#include "net/refusal.hpp"
#include "net/stale_socket.hpp"
#include "wire/codec.hpp"

namespace bramble::execd {
namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

std::optional<std::string> user_named(uid_t uid) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr)
        return std::nullopt;
    return std::string(found->pw_name);
}

}  // namespace

std::optional<std::string> relay_refusal(const RelayConfig& config, uid_t uid,
                                         const std::optional<std::string>& user) {
    if (uid == 0 && !config.relay_root) {
        return "node " + config.node +
               " does not relay root's requests (bramble-execd runs without --relay-root); run "
               "the command as root on the head node";
    }
    if (!user) {
        return "uid " + std::to_string(uid) + " has no entry in node " + config.node +
               "'s user database; a node relays only for users it knows";
    }
    return std::nullopt;
}

ToolRelay::ToolRelay(asio::io_context& io, RelayConfig config, Forward forward)
    : config_(std::move(config)),
      forward_(std::move(forward)),
      acceptor_(io),
      caps_(net::kConnectionsPerUid, net::total_clients(net::open_files_limit())),
      loop_(
          acceptor_, "tool socket", [](const std::string& line) { log(line); },
          [this](Local::socket socket) { serve(std::move(socket)); },
          [](int fd, const std::string& why) {
              net::send_refusal(fd, wire::ErrorReply{"bramble-execd is " + why, true});
          }) {}

ToolRelay::~ToolRelay() {
    if (!listening_) return;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    ::unlink(config_.socket.c_str());
}

Status ToolRelay::start() {
    if (auto ready = net::clear_stale_socket(config_.socket, "--tool-socket"); !ready) {
        return ready.error();
    }
    boost::system::error_code error;
    acceptor_.open(Local(), error);
    if (!error) acceptor_.bind(Local::endpoint(config_.socket), error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) return make_error("cannot listen on " + config_.socket + ": " + error.message());
    listening_ = true;
    // Every local user may ask; the kernel says who they are.
    ::chmod(config_.socket.c_str(), 0666);
    loop_.start();
    log("relaying the tools of this node's users on " + config_.socket);
    return ok_status();
}

void ToolRelay::serve(Local::socket socket) {
    auto credentials = net::peer_credentials(socket.native_handle());
    if (!credentials) {
        return net::send_refusal(socket.native_handle(), wire::ErrorReply{credentials.message()});
    }
    const uid_t uid = credentials->uid;
    const auto user = user_named(uid);
    if (auto refused = relay_refusal(config_, uid, user)) {
        log("tool socket: uid " + std::to_string(uid) + " refused: " + *refused);
        return net::send_refusal(socket.native_handle(), wire::ErrorReply{*refused});
    }
    auto admitted = caps_.admit("uid " + std::to_string(uid));
    if (!admitted.place) {
        if (admitted.first_refusal) log("tool socket: refusing: " + admitted.refusal);
        return net::send_refusal(socket.native_handle(), wire::ErrorReply{admitted.refusal, true});
    }
    auto connection = std::make_shared<Connection>(std::move(socket), net::client_limits());
    connection->hold(std::make_shared<net::ConnectionCaps::Place>(std::move(*admitted.place)),
                     Connection::Until::closed);
    std::weak_ptr<Connection> weak = connection;
    auto asked = std::make_shared<bool>(false);
    connection->start(
        [this, weak, asked, uid, gid = credentials->gid, name = *user](wire::Message request) {
            auto self = weak.lock();
            if (!self || *asked) return;  // one request per connection
            *asked = true;
            relay(self, uid, gid, name, request);
        },
        [uid](const std::string& why) {
            if (why.rfind("bad ", 0) == 0)
                log("tool socket: uid " + std::to_string(uid) + ": " + why + "; connection closed");
        });
}

void ToolRelay::relay(const std::shared_ptr<Connection>& connection, uid_t uid, gid_t gid,
                      const std::string& user, const wire::Message& request) {
    const auto answer = [&connection](wire::ErrorReply error) {
        connection->send(error);
        connection->close_after_send();
    };
    std::string body = wire::encode(request);
    if (body.size() > wire::kMaxRelayedBytes) {
        return answer(wire::ErrorReply{"the request (" + std::to_string(body.size()) +
                                       " bytes) is larger than node " + config_.node + " relays (" +
                                       std::to_string(wire::kMaxRelayedBytes) +
                                       " bytes); submit it on the head node"});
    }
    // Requests that were out when a link dropped were closed then; ids keep counting, so an
    // answer from an old link never reaches a new request.
    const std::uint64_t id = next_id_++;
    if (!forward_(wire::RelayedRequest{id, uid, gid, user, std::move(body)})) {
        return answer(wire::ErrorReply{
            "node " + config_.node + "'s execd is not connected to the scheduler right now", true});
    }
    waiting_[id] = connection;
    // The node vouches for the caller: what it vouched, for whom, stays on record here.
    log("tool socket: relaying " + std::string(wire::type_name(request)) + " for " + user +
        " (uid " + std::to_string(uid) + ")");
}

void ToolRelay::answered(const wire::RelayedReply& reply) {
    const auto found = waiting_.find(reply.id);
    if (found == waiting_.end()) return;  // the tool went away
    auto connection = found->second.lock();
    waiting_.erase(found);
    if (!connection) return;
    auto message = wire::decode(reply.reply);
    if (message) {
        connection->send(*message);
    } else {
        log("tool socket: the scheduler's answer does not decode: " + message.message());
        connection->send(wire::ErrorReply{"the scheduler's answer, relayed by node " +
                                          config_.node +
                                          ", does not decode: " + message.message()});
    }
    connection->close_after_send();
}

void ToolRelay::link_lost() {
    if (!waiting_.empty()) {
        log("link to the scheduler lost with " + std::to_string(waiting_.size()) +
            " relayed requests unanswered; their tools will ask again");
    }
    for (auto& [id, weak] : waiting_) {
        if (auto connection = weak.lock()) connection->close("the link to the scheduler dropped");
    }
    waiting_.clear();
}

}  // namespace bramble::execd
