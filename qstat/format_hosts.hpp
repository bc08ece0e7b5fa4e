// qhost: one row per node in Grid Engine's columns, optionally with the queue row under each
// node (-q), the older layout without the topology columns (-ncb), or as XML (-xml).
#pragma once

#include <string>

#include "wire/messages.hpp"

namespace bramble::qstat {

struct HostOptions {
    bool queues = false;   // -q: the queue instance under each host
    bool topology = true;  // NSOC NCOR NTHR columns; -ncb turns them off
};

std::string format_host_table(const wire::NodesReply& reply, const HostOptions& options);

std::string format_host_xml(const wire::NodesReply& reply, const HostOptions& options);

}  // namespace bramble::qstat
