// The cluster configuration (/etc/bramble/cluster.yaml): where the scheduler listens, its spool,
// the queue, who may manage every job, and the timing of the execd links. Every key has a default,
// so an empty or missing file is a working one-machine cluster.
#pragma once

#include <string>
#include <vector>

#include "model/result.hpp"

namespace bramble::config {

struct ClusterConfig {
    std::string cluster_name = "bramble";
    std::string queue = "all.q";          // the one cluster queue of this milestone
    std::string listen = "0.0.0.0:7444";  // TCP address execds connect to
    std::string socket;                   // Unix socket for the tools; empty = the default path
    std::string spool;                    // scheduler spool directory; empty = the default path
    std::vector<std::string> managers = {"root"};  // may delete, hold and alter anybody's jobs
    int heartbeat_seconds = 5;                     // how often execds report
    int node_timeout_seconds = 30;                 // a node silent this long is down
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
