// The scheduler's two doors: the Unix socket the tools use (one request, one reply, then close; the
// caller is who the kernel says) and the TCP port execds connect to. Neither lets one user or one
// address take the scheduler from everyone else: connections are capped per uid and per address,
// a request must arrive whole within a deadline, and running out of files pauses the accepts
// instead of spinning (lib/net's AcceptLoop, ConnectionCaps and ConnectionLimits).
#pragma once

#include <memory>
#include <string>
#include <utility>  // before net/framed_connection.hpp: Asio uses std::exchange without it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "auth/cluster_key.hpp"
#include "model/result.hpp"
#include "net/accept_loop.hpp"
#include "net/connection_caps.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

class ClientListener {
  public:
    // Binds `path` (mode 0666, in a directory created 0755 if missing), removing a stale socket
    // file; refuses when another scheduler answers there.
    static Result<std::unique_ptr<ClientListener>> open(boost::asio::io_context& io,
                                                        const std::string& path,
                                                        Scheduler& scheduler);
    ~ClientListener();
    ClientListener(const ClientListener&) = delete;
    ClientListener& operator=(const ClientListener&) = delete;

  private:
    using Acceptor = boost::asio::local::stream_protocol::acceptor;
    ClientListener(Acceptor acceptor, std::string path, Scheduler& scheduler);
    void serve(boost::asio::local::stream_protocol::socket socket);

    Acceptor acceptor_;
    std::string path_;
    Scheduler& scheduler_;
    net::ConnectionCaps caps_;  // per uid
    net::AcceptLoop<Acceptor> loop_;
};

class NodeListener {
  public:
    // Listens on "HOST:PORT" (port 0 picks a free one).
    // Every execd must prove that it holds `key` before it is heard.
    static Result<std::unique_ptr<NodeListener>> open(boost::asio::io_context& io,
                                                      const std::string& address,
                                                      Scheduler& scheduler, auth::ClusterKey key);
    [[nodiscard]] unsigned short port() const;
    NodeListener(const NodeListener&) = delete;
    NodeListener& operator=(const NodeListener&) = delete;

  private:
    using Acceptor = boost::asio::ip::tcp::acceptor;
    NodeListener(Acceptor acceptor, Scheduler& scheduler, auth::ClusterKey key);
    void serve(boost::asio::ip::tcp::socket socket);

    Acceptor acceptor_;
    Scheduler& scheduler_;
    auth::ClusterKey key_;
    net::ConnectionCaps caps_;  // per address, until the peer has proved the key
    net::AcceptLoop<Acceptor> loop_;
};

}  // namespace bramble::scheduler
