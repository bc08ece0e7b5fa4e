// Readers for the sections of cluster.yaml beyond the flat keys: parallel_environments, nodes,
// queue_limits, fair_share, user_limits. Each reads `entry` into `config` or returns an error
// naming the file, line and dotted key. Internal to lib/config.
#pragma once

#include "config/cluster_config.hpp"
#include "config/yaml_reader.hpp"

namespace bramble::config {

Status read_parallel_environments(const Entry& entry, ClusterConfig& config);
Status read_nodes(const Entry& entry, ClusterConfig& config);
Status read_queue_limits(const Entry& entry, ClusterConfig& config);
Status read_backup(const Entry& entry, ClusterConfig& config);
Status read_fair_share(const Entry& entry, ClusterConfig& config);
Status read_user_limits(const Entry& entry, ClusterConfig& config);

}  // namespace bramble::config
