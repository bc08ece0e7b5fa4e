// One execd's TCP link: the first message must be RegisterNode (anything else closes the link);
// after it, every message goes to the scheduler under the node's name.
#pragma once

#include <memory>
#include <utility>  // before Asio, which uses std::exchange without including it

#include "net/framed_connection.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

void serve_node_link(const std::shared_ptr<net::TcpConnection>& connection, Scheduler& scheduler);

}  // namespace bramble::scheduler
