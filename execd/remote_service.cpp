// The qrsh -inherit service (see remote_service.hpp): listening, authorising and routing. Running a
// command is RunningCommand's business, calling another execd PeerCall's.
#include "execd/remote_service.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <boost/asio/steady_timer.hpp>

#include "execd/log.hpp"
#include "execd/remote_sessions.hpp"
#include "execd/terminal.hpp"
#include "net/connection_limits.hpp"
#include "net/refusal.hpp"

namespace bramble::execd {

namespace {

constexpr int kRefused = 1;     // qrsh's exit status when the request is refused
constexpr int kLost = 255;      // ... when the other execd could not be reached (as ssh's)
constexpr int kPartWaits = 50;  // a request may overtake StartJobPart: retries, 100 ms apart
// Output queued for a qrsh that does not read it, past which its command is stopped.
constexpr std::size_t kUnreadOutputBytes = std::size_t{2} * wire::kMaxFrameBytes;

// A qrsh: its request at once, then output for as long as its command runs.
net::ConnectionLimits local_limits() {
    net::ConnectionLimits limits;
    limits.request_time = net::kRequestTime;
    limits.outbox_bytes = kUnreadOutputBytes;
    return limits;
}

// Another execd: the cluster-key handshake, then its request at once.
net::ConnectionLimits peer_limits() {
    net::ConnectionLimits limits;
    limits.request_time = auth::kHandshakeTime + net::kRequestTime;
    limits.outbox_bytes = kUnreadOutputBytes;
    return limits;
}

std::string job_text(JobId id) {
    return "job " + std::to_string(id);
}

}  // namespace

wire::RemoteExit refusal(int status, const std::string& why) {
    wire::RemoteExit exit;
    exit.exit_status = status;
    exit.error = why;
    return exit;
}

RemoteService::RemoteService(boost::asio::io_context& io, ServiceConfig config,
                             auth::ClusterKey key, MasterShare master_share)
    : io_(io),
      config_(std::move(config)),
      key_(std::move(key)),
      master_share_(std::move(master_share)),
      local_(io),
      peer_(io),
      local_caps_(net::kConnectionsPerUid, net::total_clients(net::open_files_limit())),
      peer_caps_(net::kUnprovenPerAddress, net::total_unproven(net::open_files_limit()),
                 "connections without the cluster key"),
      local_loop_(
          local_, "qrsh -inherit socket", [](const std::string& line) { log(line); },
          [this](boost::asio::local::stream_protocol::socket socket) {
              serve_local(std::move(socket));
          },
          [](int fd, const std::string& why) {
              net::send_refusal(fd, refusal(kRefused, "bramble-execd is " + why));
          }),
      peer_loop_(
          peer_, "qrsh -inherit port", [](const std::string& line) { log(line); },
          [this](boost::asio::ip::tcp::socket socket) { serve_peer(std::move(socket)); },
          [](int, const std::string&) {}) {}

Status RemoteService::start() {
    if (auto made = make_sge_root(); !made) return made;
    if (auto local = listen_local(); !local) return local;
    if (auto peer = listen_peer(); !peer) return peer;
    local_loop_.start();
    peer_loop_.start();
    return ok_status();
}

// SGE_ROOT/bin/ARC/qrsh, where Open MPI looks for qrsh when it is not on the PATH.
Status RemoteService::make_sge_root() const {
    const std::filesystem::path bin = qrsh_dir();
    std::error_code ec;
    std::filesystem::create_directories(bin, ec);
    if (ec) return make_error("cannot create " + bin.string() + ": " + ec.message());
    for (auto dir = bin; dir != std::filesystem::path(config_.spool); dir = dir.parent_path())
        std::filesystem::permissions(dir, std::filesystem::perms(0755), ec);
    std::filesystem::remove(bin / "qrsh", ec);
    std::filesystem::create_symlink(config_.qrsh, bin / "qrsh", ec);
    if (ec) return make_error("cannot link " + (bin / "qrsh").string() + ": " + ec.message());
    if (::access(config_.qrsh.c_str(), X_OK) != 0)
        log("warning: " + config_.qrsh + " is not there; qrsh -inherit will not work in jobs");
    return ok_status();
}

Status RemoteService::listen_local() {
    const std::string path = socket_path();
    ::unlink(path.c_str());
    boost::system::error_code ec;
    local_.open(boost::asio::local::stream_protocol(), ec);
    if (!ec) local_.bind(boost::asio::local::stream_protocol::endpoint(path), ec);
    if (!ec) local_.listen(boost::asio::socket_base::max_listen_connections, ec);
    if (ec) return make_error("cannot listen on " + path + ": " + ec.message());
    // Every job's processes connect; who they are is checked per request.
    ::chmod(path.c_str(), 0666);
    return ok_status();
}

Status RemoteService::listen_peer() {
    using boost::asio::ip::tcp;
    const auto bind_to = [this](int port, boost::system::error_code& ec) {
        if (peer_.is_open()) peer_.close(ec);
        peer_.open(tcp::v4(), ec);
        if (!ec) peer_.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) peer_.bind(tcp::endpoint(tcp::v4(), static_cast<unsigned short>(port)), ec);
        if (!ec) peer_.listen(boost::asio::socket_base::max_listen_connections, ec);
    };
    boost::system::error_code ec;
    bind_to(config_.port, ec);
    if (ec && config_.port != 0) {
        log("port " + std::to_string(config_.port) + " is taken (" + ec.message() +
            "); other execds will be told an ephemeral one");
        bind_to(0, ec);
    }
    if (ec) return make_error("cannot listen for other execds: " + ec.message());
    port_ = peer_.local_endpoint().port();
    log("taking qrsh -inherit requests on " + socket_path() + " and port " + std::to_string(port_));
    return ok_status();
}

void RemoteService::serve_local(boost::asio::local::stream_protocol::socket socket) {
    auto caller = net::peer_credentials(socket.native_handle());
    if (!caller)
        return net::send_refusal(socket.native_handle(), refusal(kRefused, caller.message()));
    auto admitted = local_caps_.admit("uid " + std::to_string(caller->uid));
    if (!admitted.place) {
        if (admitted.first_refusal) log("qrsh -inherit socket: refusing: " + admitted.refusal);
        return net::send_refusal(socket.native_handle(), refusal(kRefused, admitted.refusal));
    }
    auto request = std::make_shared<Request>();
    request->connection = std::make_shared<LocalConnection>(std::move(socket), local_limits());
    request->connection->hold(
        std::make_shared<net::ConnectionCaps::Place>(std::move(*admitted.place)),
        LocalConnection::Until::closed);
    request->caller = *caller;
    request->connection->start(
        [this, request](wire::Message message) {
            if (auto* input = std::get_if<wire::RemoteInput>(&message))
                return local_input(request, *input);
            if (auto* window = std::get_if<wire::RemoteWindow>(&message))
                return local_window(request, *window);
            auto* command = std::get_if<wire::RemoteCommand>(&message);
            if (command == nullptr || request->started) return request->connection->close("bad");
            request->started = true;
            request->job = command->job;
            if (command->attach) return local_attach(request, std::move(*command), 0);
            if (auto terminal = check_terminal_fields(*command); !terminal)
                return request->answer(refusal(kRefused, terminal.message()));
            local_request(request, std::move(*command));
        },
        [this, request](const std::string&) {
            request->closed = true;
            if (request->call) request->call->cancel();
            if (request->command) request->command->kill();
            if (request->attached && !request->ended) {
                request->attached->detach();
                end_job_(request->attached->id(), "its qrsh went away");
            }
        });
}

void RemoteService::local_request(const std::shared_ptr<Request>& request,
                                  wire::RemoteCommand command) {
    const auto refuse = [&](const std::string& why) {
        log("qrsh -inherit from pid " + std::to_string(request->caller.pid) + " refused: " + why);
        request->answer(refusal(kRefused, why));
    };
    const auto share = share_of(command.job);
    if (!share) return refuse(job_text(command.job) + " has no share of node " + config_.node);
    const net::PeerCredentials& caller = request->caller;
    if (caller.uid != share->owner.uid) {
        return refuse("uid " + std::to_string(caller.uid) + " does not own " +
                      job_text(command.job));
    }
    if (!descends_from(caller.pid, roots_of(*share), parent_in_proc)) {
        return refuse("process " + std::to_string(caller.pid) + " is not one of " +
                      job_text(command.job) + "'s processes on " + config_.node);
    }
    auto node = node_for_host(command.host, *share, config_.hostname);
    if (!node) return refuse(node.message());
    command.node = *node;
    command.uid = share->owner.uid;
    if (*node != config_.node) return forward(request, *share, std::move(command));
    std::string error;
    request->command = run(
        *share, command,
        [this, request, id = share->id](const wire::Message& message) {
            if (auto* exit = std::get_if<wire::RemoteExit>(&message)) add_usage(id, *exit);
            request->answer(message);
        },
        error);
    if (!request->command) refuse(error);
}

void RemoteService::forward(const std::shared_ptr<Request>& request, const JobShare& share,
                            wire::RemoteCommand command) {
    const auto address = share.execds.find(command.node);
    if (address == share.execds.end()) {
        return request->answer(refusal(
            kRefused, "the execd of node " + command.node + " takes no qrsh -inherit requests"));
    }
    const std::string node = command.node;
    request->call = PeerCall::start(
        io_, address->second, key_, std::move(command), false,
        [this, request, id = share.id](wire::Message message) {
            if (auto* exit = std::get_if<wire::RemoteExit>(&message)) add_usage(id, *exit);
            if (std::holds_alternative<wire::RemoteOutput>(message) ||
                std::holds_alternative<wire::RemoteExit>(message)) {
                request->answer(message);
            }
        },
        [request, node](const std::string& why) {
            request->answer(refusal(kLost, "lost node " + node + "'s execd: " + why));
        });
}

void RemoteService::serve_peer(boost::asio::ip::tcp::socket socket) {
    boost::system::error_code error;
    const auto peer = socket.remote_endpoint(error);
    if (error) return;  // gone already
    auto admitted = peer_caps_.admit("address " + peer.address().to_string());
    if (!admitted.place) {
        if (admitted.first_refusal) log("qrsh -inherit port: refusing: " + admitted.refusal);
        return;
    }
    auto session = std::make_shared<PeerSession>();
    session->connection = std::make_shared<net::TcpConnection>(std::move(socket), peer_limits());
    session->connection->require_auth(auth::SessionAuth(key_, auth::SessionAuth::Side::Accepting));
    session->connection->hold(
        std::make_shared<net::ConnectionCaps::Place>(std::move(*admitted.place)),
        net::TcpConnection::Until::authenticated);
    session->connection->start(
        [this, session](wire::Message message) {
            if (auto* input = std::get_if<wire::RemoteInput>(&message))
                return peer_input(session, *input);
            if (auto* window = std::get_if<wire::RemoteWindow>(&message))
                return peer_window(session, *window);
            if (auto* kill = std::get_if<wire::KillJob>(&message)) {
                if (has_part(kill->id)) end_part(kill->id, kill->reason);
                return session->connection->close("done");
            }
            auto* command = std::get_if<wire::RemoteCommand>(&message);
            if (command == nullptr || session->started)
                return session->connection->close("unexpected message");
            session->started = true;
            if (command->attach) return peer_attach(session, *command, 0);
            if (auto terminal = check_terminal_fields(*command); !terminal) {
                session->connection->send(refusal(kRefused, terminal.message()));
                return session->connection->close_after_send();
            }
            peer_request(session, *command, 0);
        },
        [this, session](const std::string& why) {
            if (why.rfind(net::kNotAClusterDaemon, 0) == 0) {
                log("qrsh -inherit from another execd refused: " + why);
            }
            if (session->command) session->command->kill();
            if (session->attached && !session->ended) {
                session->attached->detach();
                end_job_(session->attached->id(), "its qrsh went away");
            }
        });
}

void RemoteService::peer_request(const std::shared_ptr<PeerSession>& session,
                                 const wire::RemoteCommand& command, int attempts) {
    const auto& connection = session->connection;
    const auto refuse = [&](const std::string& why) {
        log("qrsh -inherit from another execd refused: " + why);
        connection->send(refusal(kRefused, why));
        connection->close_after_send();
    };
    if (connection->closed()) return;
    const auto share = share_of(command.job);
    if (!share && attempts < kPartWaits) {
        auto timer =
            std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(100));
        timer->async_wait([this, timer, session, command, attempts](auto) {
            peer_request(session, command, attempts + 1);
        });
        return;
    }
    if (!share) return refuse(job_text(command.job) + " has no share of node " + config_.node);
    if (command.node != config_.node)
        return refuse("this is node " + config_.node + ", not " + command.node);
    if (command.uid != share->owner.uid) {
        return refuse(job_text(command.job) + " does not belong to uid " +
                      std::to_string(command.uid));
    }
    std::string error;
    session->command = run(
        *share, command,
        [connection](const wire::Message& message) {
            connection->send(message);
            if (std::holds_alternative<wire::RemoteExit>(message)) connection->close_after_send();
        },
        error);
    if (!session->command) refuse(error);
}

}  // namespace bramble::execd
