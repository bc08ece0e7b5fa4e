// The execd: this node's jobs and its conversation with the scheduler. It registers (listing the
// jobs it still has), heartbeats, starts a shepherd per StartJob, signals one per KillJob, and
// reports every job's end until the scheduler acknowledges it. Its memory of jobs is rebuilt from
// the spool's job directories at start, so neither an execd nor a scheduler restart loses a job.
// The parts of parallel jobs whose script runs elsewhere (StartJobPart) and every qrsh -inherit
// command belong to its RemoteService; those are not kept across an execd restart. The tools of
// this node's users reach the scheduler through its ToolRelay and the same link.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "auth/cluster_key.hpp"
#include "execd/cgroup_layout.hpp"
#include "execd/core_map.hpp"
#include "execd/job_share.hpp"
#include "execd/link.hpp"
#include "execd/remote_service.hpp"
#include "execd/tool_relay.hpp"
#include "model/node.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

struct ExecdConfig {
    NodeInventory inventory;
    std::string scheduler_host;
    std::string scheduler_port;
    std::string spool;        // jobs live in <spool>/active_jobs/<id>
    std::string shepherd;     // path of bramble-shepherd
    std::string tmpdir;       // base of per-job TMPDIRs
    std::string qrsh;         // path of qrsh, offered to jobs as $SGE_ROOT/bin/$ARC/qrsh
    int port = 7445;          // for other execds (qrsh -inherit); 0 = any free port
    CoreMap core_map;         // this node's core index -> OS CPUs, for core binding
    CgroupBase cgroups;       // where jobs' control groups are made; none: memory is watched
    int attach_seconds = 60;  // how long an interactive job (qrsh CMD) waits for its qrsh
    std::string tool_socket;  // where this node's users' tools reach the scheduler through us
    bool relay_root = false;  // relay root's tools too
};

class Execd {
  public:
    // `key`: the cluster's shared secret, proved to the scheduler and to other execds.
    Execd(boost::asio::io_context& io, ExecdConfig config, const auth::ClusterKey& key);

    // Scans the spool, connects, and runs until stopped (SIGTERM/SIGINT: 0) or refused by the
    // scheduler (1). Running jobs keep running either way.
    int run();

  private:
    struct LocalJob {
        std::string dir;
        pid_t pid = -1;        // the shepherd, while the job runs
        bool adopted = false;  // found running at start: not our child, so polled
        bool finished = false;
        bool awaiting_qrsh = false;  // an interactive job whose qrsh has not attached yet
        ExitRecord exit;
    };

    void scan_spool();
    void remove_empty_groups() const;
    void on_connected();
    void on_message(wire::Message message);
    void on_registered(const wire::RegisterReply& reply);
    void start_job(const wire::StartJob& start);
    // qrsh CMD: its shepherd starts when its qrsh attaches, with the pipes it relays through.
    Status start_attached(JobId id, const ShepherdStdio& stdio);
    [[nodiscard]] Job with_qrsh_environment(Job job) const;
    [[nodiscard]] Binding binding_here(const Job& job) const;
    [[nodiscard]] std::optional<JobShare> master_share(JobId id) const;
    void end_remote_work(JobId id, LocalJob& job);
    void kill_job(const wire::KillJob& kill);
    void acknowledge(JobId id);
    void finish(JobId id, LocalJob& job, ExitRecord exit);
    // `status` is the shepherd's wait status when this process reaped it, else nothing.
    void shepherd_ended(JobId id, LocalJob& job, const std::string& how,
                        std::optional<int> status = std::nullopt);
    void report(JobId id, const LocalJob& job);
    void send_heartbeat();
    void watch_children();
    void reap_children();
    void poll_adopted();

    boost::asio::io_context& io_;
    ExecdConfig config_;
    SchedulerLink link_;
    RemoteService remote_;
    ToolRelay relay_;
    std::map<JobId, LocalJob> jobs_;
    bool registered_ = false;
    int heartbeat_seconds_ = 5;
    int exit_code_ = 0;
    boost::asio::steady_timer heartbeat_;
    boost::asio::steady_timer poll_;
    boost::asio::signal_set children_;
    boost::asio::signal_set stop_;
};

}  // namespace bramble::execd
