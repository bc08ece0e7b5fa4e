// The acceptors. A client connection carries one request: the caller's uid comes from SO_PEERCRED,
// its names from the passwd and group databases, and the connection closes after the reply. A
// client over its uid's cap hears why and is closed at once; so is a TCP peer over its address's.
#include "listener.hpp"

#include <sys/stat.h>
#include <sys/un.h>

#include <filesystem>
#include <system_error>

#include "callers.hpp"
#include "log.hpp"
#include "net/connection_limits.hpp"
#include "net/framed_connection.hpp"
#include "net/peer_credentials.hpp"
#include "net/refusal.hpp"
#include "net/stale_socket.hpp"
#include "node_link.hpp"

namespace bramble::scheduler {
namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

void serve_client(Local::socket socket, Scheduler& scheduler, net::ConnectionCaps& caps) {
    auto credentials = net::peer_credentials(socket.native_handle());
    if (!credentials) {
        log("client refused: " + credentials.message());
        return;
    }
    auto admitted = caps.admit("uid " + std::to_string(credentials->uid));
    if (!admitted.place) {
        if (admitted.first_refusal) log("client socket: refusing: " + admitted.refusal);
        net::send_refusal(socket.native_handle(), wire::ErrorReply{admitted.refusal, true});
        return;
    }
    const Caller caller = caller_of(credentials->uid, credentials->gid);
    auto connection =
        std::make_shared<net::UnixConnection>(std::move(socket), net::client_limits());
    connection->hold(std::make_shared<net::ConnectionCaps::Place>(std::move(*admitted.place)),
                     net::UnixConnection::Until::closed);
    std::weak_ptr<net::UnixConnection> weak = connection;
    auto answered = std::make_shared<bool>(false);
    connection->start(
        [weak, answered, caller, &scheduler](wire::Message request) {
            auto self = weak.lock();
            if (!self || *answered) return;  // one request per connection
            *answered = true;
            scheduler.handle_client(caller, std::move(request), [self](const wire::Message& reply) {
                self->send(reply);
                self->close_after_send();
            });
        },
        [uid = caller.uid](const std::string& why) {
            if (why.rfind("bad ", 0) == 0) {
                log("client uid " + std::to_string(uid) + ": " + why + "; connection closed");
            }
        });
}

// The socket's directory exists, and no live scheduler and no other file holds the path.
Status prepare_socket_path(const std::string& path) {
    namespace fs = std::filesystem;
    if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path)) {
        return make_error("socket path \"" + path + "\" is empty or longer than " +
                          std::to_string(sizeof(sockaddr_un::sun_path) - 1) + " bytes");
    }
    std::error_code error;
    const fs::path file(path);
    const fs::path directory = file.parent_path();
    if (!directory.empty() && !fs::exists(directory, error)) {
        fs::create_directories(directory, error);
        if (error) {
            return make_error("cannot create the socket's directory " + directory.string() + ": " +
                              error.message());
        }
        fs::permissions(directory, static_cast<fs::perms>(0755), error);
    }
    auto cleared = net::clear_stale_socket(path, "--socket");
    if (!cleared) return cleared.error();
    if (*cleared) log("removed the stale socket " + path);
    return ok_status();
}

Result<asio::ip::tcp::endpoint> resolve(asio::io_context& io, const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) {
        return make_error("listen address \"" + address + "\" is not HOST:PORT");
    }
    std::string host = address.substr(0, colon);
    const std::string port = address.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host.empty()) host = "0.0.0.0";
    asio::ip::tcp::resolver resolver(io);
    boost::system::error_code error;
    auto results = resolver.resolve(host, port, asio::ip::tcp::resolver::passive, error);
    if (error || results.empty()) {
        return make_error("cannot resolve listen address \"" + address + "\": " + error.message());
    }
    return results.begin()->endpoint();
}

}  // namespace

Result<std::unique_ptr<ClientListener>> ClientListener::open(asio::io_context& io,
                                                             const std::string& path,
                                                             Scheduler& scheduler) {
    if (auto ready = prepare_socket_path(path); !ready) return ready.error();
    Local::acceptor acceptor(io);
    boost::system::error_code error;
    acceptor.open(Local(), error);
    if (!error) acceptor.bind(Local::endpoint(path), error);
    if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) return make_error("cannot listen on " + path + ": " + error.message());
    chmod(path.c_str(), 0666);  // every local user may submit; the kernel says who they are
    std::unique_ptr<ClientListener> listener(
        new ClientListener(std::move(acceptor), path, scheduler));
    listener->loop_.start();
    return listener;
}

ClientListener::ClientListener(Acceptor acceptor, std::string path, Scheduler& scheduler)
    : acceptor_(std::move(acceptor)),
      path_(std::move(path)),
      scheduler_(scheduler),
      caps_(net::kConnectionsPerUid, net::total_clients(net::open_files_limit())),
      loop_(
          acceptor_, "client socket", [](const std::string& line) { log(line); },
          [this](Local::socket socket) { serve(std::move(socket)); },
          [](int fd, const std::string& why) {
              net::send_refusal(fd, wire::ErrorReply{"bramble-scheduler is " + why, true});
          }) {}

ClientListener::~ClientListener() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    std::error_code also_ignored;
    std::filesystem::remove(path_, also_ignored);
}

void ClientListener::serve(Local::socket socket) {
    serve_client(std::move(socket), scheduler_, caps_);
}

Result<std::unique_ptr<NodeListener>> NodeListener::open(asio::io_context& io,
                                                         const std::string& address,
                                                         Scheduler& scheduler,
                                                         auth::ClusterKey key) {
    auto endpoint = resolve(io, address);
    if (!endpoint) return endpoint.error();
    asio::ip::tcp::acceptor acceptor(io);
    boost::system::error_code error;
    acceptor.open(endpoint->protocol(), error);
    if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor.bind(*endpoint, error);
    if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) return make_error("cannot listen for execds on " + address + ": " + error.message());
    std::unique_ptr<NodeListener> listener(
        new NodeListener(std::move(acceptor), scheduler, std::move(key)));
    listener->loop_.start();
    return listener;
}

NodeListener::NodeListener(Acceptor acceptor, Scheduler& scheduler, auth::ClusterKey key)
    : acceptor_(std::move(acceptor)),
      scheduler_(scheduler),
      key_(std::move(key)),
      caps_(net::kUnprovenPerAddress, net::total_unproven(net::open_files_limit()),
            "connections without the cluster key"),
      loop_(
          acceptor_, "execd port", [](const std::string& line) { log(line); },
          [this](asio::ip::tcp::socket socket) { serve(std::move(socket)); },
          [](int, const std::string&) {}) {}

unsigned short NodeListener::port() const {
    boost::system::error_code error;
    return acceptor_.local_endpoint(error).port();
}

void NodeListener::serve(asio::ip::tcp::socket socket) {
    boost::system::error_code error;
    const auto peer = socket.remote_endpoint(error);
    if (error) return;  // gone already
    auto admitted = caps_.admit("address " + peer.address().to_string());
    if (!admitted.place) {
        if (admitted.first_refusal) log("execd port: refusing: " + admitted.refusal);
        return;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), error);
    socket.set_option(asio::socket_base::keep_alive(true), error);
    auto connection = std::make_shared<net::TcpConnection>(std::move(socket));
    connection->require_auth(auth::SessionAuth(key_, auth::SessionAuth::Side::Accepting));
    connection->hold(std::make_shared<net::ConnectionCaps::Place>(std::move(*admitted.place)),
                     net::TcpConnection::Until::authenticated);
    serve_node_link(connection, scheduler_);
}

}  // namespace bramble::scheduler
