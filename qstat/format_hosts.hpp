// qhost: one row per node in Grid Engine's columns, optionally with the queue row under each
// node (-q), the node's resource values (-F: Grid Engine's "hl:" lines, plus bramble's
// enforcement), the older layout without the topology columns (-ncb), or as XML (-xml).
#pragma once

#include <string>
#include <vector>

#include "wire/messages.hpp"

namespace bramble::qstat {

struct HostOptions {
    bool queues = false;                       // -q: the queue instance under each host
    bool topology = true;                      // NSOC NCOR NTHR columns; -ncb turns them off
    bool resources = false;                    // -F: the "hl:" lines under each host
    std::vector<std::string> resources_named;  // -F NAMES: only these; empty = all
};

std::string format_host_table(const wire::NodesReply& reply, const HostOptions& options);

std::string format_host_xml(const wire::NodesReply& reply, const HostOptions& options);

}  // namespace bramble::qstat
