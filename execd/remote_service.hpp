// The execd's qrsh -inherit service. Jobs on this node reach it through a Unix socket
// ($BRAMBLE_EXECD_SOCKET; the caller's uid and pid come from the kernel) and other execds through
// TCP (port 7445 by default). A request from qrsh is allowed only from a process of the job it
// names (a descendant of the job's shepherd, or of a command this service started for the job),
// run by the job's owner, for a host of the job's allocation; it then runs here or is passed to
// that host's execd. A request from another execd is run only for a job this node has a share of,
// as that job's owner. The commands run as children of the execd, are killed when their requester
// goes away or the job ends, and their usage goes back along the way it came, into the job's
// accounting on the master node.
//
// Execds prove the cluster key to each other before a request is read, and sign every message
// (auth/session_auth.hpp); even then the TCP side accepts only requests that match a job share
// this node holds. Both doors are bounded like the scheduler's: connections per uid and per
// unproven address are capped, the request must arrive within a deadline, output a reader does
// not take is bounded, and running out of files pauses the accepts (lib/net).
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>

#include "auth/cluster_key.hpp"
#include "execd/cgroup_layout.hpp"
#include "execd/core_map.hpp"
#include "execd/interactive_job.hpp"
#include "execd/job_cgroup.hpp"
#include "execd/job_share.hpp"
#include "execd/peer_call.hpp"
#include "execd/running_command.hpp"
#include "net/accept_loop.hpp"
#include "net/connection_caps.hpp"
#include "net/framed_connection.hpp"
#include "net/peer_credentials.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

struct ServiceConfig {
    std::string node;
    std::string hostname;
    std::string arch;
    std::string spool;   // the socket and SGE_ROOT live here
    std::string tmpdir;  // TMPDIR for commands whose TMPDIR does not exist here
    std::string qrsh;    // the qrsh binary, linked as $SGE_ROOT/bin/$ARC/qrsh
    int port = 7445;     // 0 = any free port
    CoreMap core_map;    // core index -> OS CPUs, to bind commands to the job's cores here
    CgroupBase cgroups;  // where the parts' control groups are made (the master's: the shepherd)
    std::string tool_socket;  // this node's tool relay, for the tools a command runs
};

// CPU time and peak memory of commands run for a job, added into its exit record.
struct CommandUsage {
    double user_seconds = 0;
    double system_seconds = 0;
    std::int64_t max_rss_kb = 0;
};

class RemoteService {
  public:
    // The share of a job whose script runs on this node, if there is one.
    using MasterShare = std::function<std::optional<JobShare>(JobId)>;

    RemoteService(boost::asio::io_context& io, ServiceConfig config, auth::ClusterKey key,
                  MasterShare master_share);

    // Makes SGE_ROOT, listens on the Unix socket and the TCP port (an ephemeral one when the
    // configured port is taken, so several execds can share a machine).
    Status start();
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] std::string socket_path() const { return config_.spool + "/execd.sock"; }
    [[nodiscard]] std::string sge_root() const { return config_.spool + "/sge_root"; }
    // $SGE_ROOT/bin/$ARC, where qrsh is.
    [[nodiscard]] std::string qrsh_dir() const { return sge_root() + "/bin/" + config_.arch; }

    void add_part(const wire::StartJobPart& part);
    [[nodiscard]] bool has_part(JobId id) const { return parts_.count(id) != 0; }
    // Kills the part's commands and forgets it.
    void end_part(JobId id, const std::string& why);
    // The master's job ended: its commands here are killed and its other nodes told.
    void job_ended(const JobShare& share);
    // Whether `pid` was one of the commands; if so it is finished with `status` and `usage`.
    // Removes the groups of ended parts whose processes had not all left yet (processes that
    // orphaned themselves are reaped by init, with no word to us): on every heartbeat, and with
    // `wait_seconds` when the execd stops.
    void remove_leftover_groups(double wait_seconds = 0);
    bool reaped(pid_t pid, int status, const rusage& usage);
    // The usage of the job's commands not yet passed on, now taken.
    CommandUsage take_usage(JobId id);

    // qrsh CMD (attach_service.cpp). `start` starts an attached job's shepherd with its pipes;
    // `end` ends a job whose qrsh never attached or went away.
    using StartAttached = std::function<Status(JobId, const ShepherdStdio&)>;
    using EndJob = std::function<void(JobId, const std::string& why)>;
    void on_interactive(StartAttached start, EndJob end);
    // Interactive job `id` of `owner` waits here for its qrsh, for at most `within`.
    void expect_attach(JobId id, uid_t owner, std::chrono::seconds within);
    // The job ended: its qrsh hears how, and the job is forgotten here.
    void interactive_ended(JobId id, const ExitRecord& exit);

  private:
    using LocalConnection = net::UnixConnection;
    struct Request;      // one qrsh's request in progress
    struct PeerSession;  // one other execd's request in progress

    void serve_local(boost::asio::local::stream_protocol::socket socket);
    void serve_peer(boost::asio::ip::tcp::socket socket);
    void local_request(const std::shared_ptr<Request>& request, wire::RemoteCommand command);
    void peer_request(const std::shared_ptr<PeerSession>& session,
                      const wire::RemoteCommand& command, int attempts);
    void forward(const std::shared_ptr<Request>& request, const JobShare& share,
                 wire::RemoteCommand command);
    std::shared_ptr<RunningCommand> run(const JobShare& share, const wire::RemoteCommand& command,
                                        RunningCommand::Send send, std::string& error);
    [[nodiscard]] std::optional<JobShare> share_of(JobId id) const;
    [[nodiscard]] std::set<pid_t> roots_of(const JobShare& share) const;
    void add_usage(JobId id, const wire::RemoteExit& exit);
    void kill_commands(JobId id);
    void make_part_cgroup(const JobShare& share);
    Status make_sge_root() const;
    void local_attach(const std::shared_ptr<Request>& request, wire::RemoteCommand command,
                      int attempts);
    void forward_attach(const std::shared_ptr<Request>& request, wire::RemoteCommand command);
    void local_input(const std::shared_ptr<Request>& request, const wire::RemoteInput& input);
    void peer_attach(const std::shared_ptr<PeerSession>& session,
                     const wire::RemoteCommand& command, int attempts);
    void peer_input(const std::shared_ptr<PeerSession>& session, const wire::RemoteInput& input);
    void local_window(const std::shared_ptr<Request>& request, const wire::RemoteWindow& window);
    void peer_window(const std::shared_ptr<PeerSession>& session, const wire::RemoteWindow& window);
    // The checks every attach passes, then the attach itself: the job, or why not.
    Result<std::shared_ptr<InteractiveJob>> attach(const wire::RemoteCommand& command,
                                                   InteractiveJob::Send send);
    // Whether the attach should wait for the job's StartJob, which may come after qrsh.
    [[nodiscard]] bool may_arrive(const wire::RemoteCommand& command, int attempts) const;
    Status listen_local();
    Status listen_peer();

    boost::asio::io_context& io_;
    ServiceConfig config_;
    auth::ClusterKey key_;
    MasterShare master_share_;
    boost::asio::local::stream_protocol::acceptor local_;
    boost::asio::ip::tcp::acceptor peer_;
    net::ConnectionCaps local_caps_;  // per uid
    net::ConnectionCaps peer_caps_;   // per address, until the peer has proved the key
    net::AcceptLoop<boost::asio::local::stream_protocol::acceptor> local_loop_;
    net::AcceptLoop<boost::asio::ip::tcp::acceptor> peer_loop_;
    int port_ = 0;
    std::map<JobId, JobShare> parts_;
    std::map<pid_t, std::shared_ptr<RunningCommand>> commands_;
    std::map<JobId, CommandUsage> usage_;
    std::vector<JobCgroup> leftover_groups_;  // parts' groups whose processes had not left yet
    struct Waiting {
        std::shared_ptr<InteractiveJob> job;
        std::shared_ptr<boost::asio::steady_timer> deadline;  // until its qrsh attaches
    };
    std::map<JobId, Waiting> interactive_;
    StartAttached start_attached_;
    EndJob end_job_;
};

// The answer to a request the service refuses: `status` as the command's, `why` for the caller.
wire::RemoteExit refusal(int status, const std::string& why);

}  // namespace bramble::execd
