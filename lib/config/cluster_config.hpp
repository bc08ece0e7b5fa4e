// The cluster configuration (/etc/bramble/cluster.yaml): where the scheduler listens, its spool,
// the queue, who may manage every job, and the timing of the execd links. Every key has a default,
// so an empty or missing file is a working one-machine cluster.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/allocation_rule.hpp"
#include "model/result.hpp"

namespace bramble::config {

// A parallel environment (-pe NAME N): its allocation rule and the most slots a job may ask of it.
struct ParallelEnvironment {
    AllocationRule rule;
    int max_slots = 0;  // 0 = no cap beyond the cluster's size
};

// A node's GPIO chip and its named lines: `gpio: {chip: gpiochip0, lines: {fan: 17, led: 18}}`.
struct GpioConfig {
    std::string chip;                  // a name under /dev (gpiochip0)
    std::map<std::string, int> lines;  // line name -> offset on the chip
};

// What the config says of one node beyond what its execd detects.
struct NodeConfig {
    std::map<std::string, std::string> labels;         // role: web
    std::map<std::string, std::uint64_t> consumables;  // gpu: 1, scratch: 100G (bytes)
    GpioConfig gpio;
};

struct QueueLimits {
    std::int64_t default_walltime = 3600;  // seconds given to a job that asks for none
    std::int64_t max_walltime = 0;         // 0 = no cap; a longer h_rt is refused at qsub
    bool rerun = false;  // whether a job without -r runs again from the start when its node is lost
};

// `backup:`: copies of the spool taken by the scheduler itself, while it runs.
struct BackupConfig {
    std::int64_t every = 0;  // seconds between copies; 0 = none
    std::string dir;         // where they go: scheduler-YYYYmmdd-HHMMSS.db
    int keep = 7;            // the newest this many are kept
};

struct FairShareConfig {
    std::int64_t half_life =
        std::int64_t{7} * 86400;  // seconds for past usage to count half as much
    double weight_priority = 1.0;
    double weight_fair_share = 1.0;
    double weight_waiting = 0.1;
    std::int64_t waiting_scale = 86400;  // waiting this long gives the full waiting score
};

struct UserLimitConfig {
    int max_running_jobs = 0;  // 0 = no cap
    int max_slots = 0;
};

struct ClusterConfig {
    std::string cluster_name = "bramble";
    std::string queue = "all.q";          // the one cluster queue of this milestone
    std::string listen = "0.0.0.0:7444";  // TCP address execds connect to
    std::string socket;                   // Unix socket for the tools; empty = the default path
    std::string spool;                    // scheduler spool directory; empty = the default path
    std::string cluster_key;  // the daemons' shared secret (a file); empty = the default path
    // Grid Engine's $SGE_ROOT on the head node: the accounting file is
    // <sge_root>/default/common/accounting. An absolute path; empty = <spool>/sge_root.
    std::string sge_root;
    // Grid Engine's `mailer`: the program job mail (qsub -m, -M) is handed to, run as
    // `mailer -t` with the message on its standard input. Empty (`mailer: none`) = no mail.
    std::string mailer = "/usr/sbin/sendmail";
    std::vector<std::string> managers = {"root"};  // may delete, hold and alter anybody's jobs
    int heartbeat_seconds = 5;                     // how often execds report
    int node_timeout_seconds = 30;                 // a node silent this long is down
    // A node down this long is lost: its jobs are requeued (rerunnable) or failed, and their
    // parts on other nodes are killed. Grid Engine's reschedule_unknown.
    int node_lost_seconds = 120;
    // A node that failed a job for reasons of its own (a full spool, no job directory, the owner
    // unknown there) takes no new jobs for this long (Grid Engine's queue error state, E).
    int node_error_seconds = 60;

    // `parallel_environments:`; the defaults are smp ($pe_slots), mpi ($fill_up) and
    // mpi_rr ($round_robin). A config that names any replaces them all.
    std::map<std::string, ParallelEnvironment> parallel_environments;
    std::map<std::string, NodeConfig> nodes;  // `nodes:`, by node name
    QueueLimits queue_limits;                 // `queue_limits:` for the queue above
    BackupConfig backup;
    FairShareConfig fair_share;                          // `fair_share:`
    std::map<std::string, UserLimitConfig> user_limits;  // `user_limits:`; key "*" for everyone
    // `max_queued_per_user:` jobs and array tasks one user may have queued or running at once
    // (managers and root too: the cap guards the scheduler's memory and spool); 0 = no cap.
    int max_queued_per_user = 10000;
    bool backfill = true;  // `backfill:`
    // `submit_hosts:` the nodes whose execds may relay their users' tools (Grid Engine's submit
    // hosts, qconf -as). Unset = every node that has registered with the cluster key; an empty
    // list = none (the tools work on the head node only).
    std::optional<std::vector<std::string>> submit_hosts;
    // `relay_root:` whether a node may relay root's tools (root on a node is not root of the
    // cluster unless this says so); off by default.
    bool relay_root = false;
};

// Reads `path`. A missing file at the default path gives the defaults; a missing file that was
// named explicitly, malformed YAML, an unknown key or a bad value is an error naming the file, line
// and key.
Result<ClusterConfig> load_cluster_config(const std::string& path, bool explicitly_named);

// The defaults of DESIGN.md: /var/lib/bramble as root, else $XDG_STATE_HOME/bramble (or
// ~/.local/state/bramble); the socket /run/bramble/scheduler.sock as root, else
// $XDG_RUNTIME_DIR/bramble/scheduler.sock (or <spool>/scheduler.sock).
std::string default_spool_dir();
std::string default_socket_path();

}  // namespace bramble::config
