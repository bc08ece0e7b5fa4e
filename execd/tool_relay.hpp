// Submit from any node: the execd's tool socket. qsub, qstat, qdel and the other tools on this
// node (logged-in users and jobs alike) connect here when the scheduler's own socket is not on
// this machine; the execd learns the caller from the kernel (SO_PEERCRED), looks the uid up in
// this node's passwd (a node relays only for users it knows, and not for root unless
// --relay-root), and relays the request with the caller it vouches for over its authenticated
// link to the scheduler (RelayedRequest), which answers as it would on its own socket.
//
// The door is bounded as the scheduler's is (lib/net): 64 connections per uid, a request within
// 5 s, at most kMaxRelayedBytes each way. When the link to the scheduler is down the tool hears
// so and tries again (ErrorReply.retry); when it drops while a request is out, the tool's
// connection is closed unanswered, so the tool tries again with the same request (a submission
// keeps its token and is queued at most once) or says the outcome is unknown.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>  // before Asio, which uses std::exchange without including it

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "model/result.hpp"
#include "net/accept_loop.hpp"
#include "net/connection_caps.hpp"
#include "net/framed_connection.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

struct RelayConfig {
    std::string node;
    std::string socket;       // the tool socket's path
    bool relay_root = false;  // relay root's tools too (--relay-root)
};

// Why this node does not relay for `uid`, or nothing when it does. `user` is the uid's name in
// this node's passwd, nothing when it has none.
std::optional<std::string> relay_refusal(const RelayConfig& config, uid_t uid,
                                         const std::optional<std::string>& user);

class ToolRelay {
  public:
    // Sends a request over the link to the scheduler; false when the node is not registered
    // (nothing was sent).
    using Forward = std::function<bool(const wire::RelayedRequest&)>;

    ToolRelay(boost::asio::io_context& io, RelayConfig config, Forward forward);
    ToolRelay(const ToolRelay&) = delete;
    ToolRelay& operator=(const ToolRelay&) = delete;
    ~ToolRelay();

    // Listens on the socket (mode 0666), replacing a stale one; refuses a path that holds
    // another file or where another execd answers.
    Status start();
    // The scheduler's answer: handed to the tool that asked, if it is still there.
    void answered(const wire::RelayedReply& reply);
    // The link to the scheduler dropped: every tool still waiting is closed unanswered.
    void link_lost();

  private:
    using Acceptor = boost::asio::local::stream_protocol::acceptor;
    using Connection = net::UnixConnection;

    void serve(boost::asio::local::stream_protocol::socket socket);
    void relay(const std::shared_ptr<Connection>& connection, uid_t uid, gid_t gid,
               const std::string& user, const wire::Message& request);

    RelayConfig config_;
    Forward forward_;
    Acceptor acceptor_;
    net::ConnectionCaps caps_;  // per uid
    net::AcceptLoop<Acceptor> loop_;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, std::weak_ptr<Connection>> waiting_;
    bool listening_ = false;
};

}  // namespace bramble::execd
