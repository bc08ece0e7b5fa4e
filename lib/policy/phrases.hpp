// The pieces pending reasons and submit-time refusals are written from, so that every message
// names requests and capacities the same way ("4 cores with 2.0G each", "pi01 has 4 cores
// and 1.0G", "12 slots with -pe mpi", "nodes matching pi0[1-3]").
#pragma once

#include <string>

#include "policy/node_state.hpp"
#include "policy/request.hpp"

namespace bramble::policy {

// "1 core", "4 cores".
std::string cores_text(int cores);

// "1 slot", "12 slots".
std::string slots_text(int slots);

// "needs 4 cores with 2.0G each", "needs 1 core with 2.0G", "needs 4 cores".
std::string demand_text(const Request& request);

// "needs 16.0G on one node (4 slots x 4.0G)", "... (4 slots x 4.0G + 1.0G per job)".
std::string memory_demand_text(const Request& request);

// "needs 12 slots with -pe mpi", "needs 2-8 slots with -pe mpi": a parallel job's demand.
std::string slots_demand_text(const Request& request);

// "nodes matching pi0[1-3]", "nodes with role=db", "nodes matching pi* with role=db"; empty when
// the job accepts any node.
std::string where_text(const Request& request);

// "role=db, disk=ssd".
std::string labels_text(const Labels& labels);

// "4 cores and 1.0G": what the node has in total.
std::string capacity_text(const NodeState& node);

// "3 cores and 1.5G": what is free on the node now.
std::string free_text(const NodeState& node);

// "down", "disabled" or "in error": why a node that is not up takes no jobs.
std::string unavailable_text(const NodeState& node);

}  // namespace bramble::policy
