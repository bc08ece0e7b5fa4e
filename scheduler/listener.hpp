// The scheduler's two doors: the Unix socket the tools use (one request, one reply, then close; the
// caller is who the kernel says) and the TCP port execds connect to.
#pragma once

#include <memory>
#include <string>
#include <utility>  // before net/framed_connection.hpp: Asio uses std::exchange without it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "auth/cluster_key.hpp"
#include "model/result.hpp"
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
    ClientListener(boost::asio::local::stream_protocol::acceptor acceptor, std::string path,
                   Scheduler& scheduler);
    void accept();

    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::string path_;
    Scheduler& scheduler_;
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
    NodeListener(boost::asio::ip::tcp::acceptor acceptor, Scheduler& scheduler,
                 auth::ClusterKey key);
    void accept();

    boost::asio::ip::tcp::acceptor acceptor_;
    Scheduler& scheduler_;
    auth::ClusterKey key_;
};

}  // namespace bramble::scheduler
