// The pieces pending reasons and submit-time refusals are written from, so that every message
// names requests and capacities the same way ("4 cores with 2.0G each", "pi01 has 4 cores
// and 1.0G").
#pragma once

#include <string>

#include "policy/node_state.hpp"
#include "policy/request.hpp"

namespace bramble::policy {

// "1 core", "4 cores".
std::string cores_text(int cores);

// "needs 4 cores with 2.0G each", "needs 1 core with 2.0G", "needs 4 cores".
std::string demand_text(const Request& request);

// "needs 16.0G on one node (4 slots x 4.0G)".
std::string memory_demand_text(const Request& request);

// "4 cores and 1.0G": what the node has in total.
std::string capacity_text(const NodeState& node);

// "3 cores and 1.5G": what is free on the node now.
std::string free_text(const NodeState& node);

}  // namespace bramble::policy
