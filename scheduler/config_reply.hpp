// The cluster config in force as qconf and qquota are told it (wire::ConfigReply). Pure: the same
// config and host always give the same reply.
#pragma once

#include <string>

#include "config/cluster_config.hpp"
#include "wire/messages.hpp"

namespace bramble::scheduler {

wire::ConfigReply config_reply(const config::ClusterConfig& config, const std::string& head_host);

}  // namespace bramble::scheduler
