// What the planner sees: the nodes with what is free on each, and the jobs waiting to start.
// Built by the scheduler from its live state; the planner never sees sockets, clocks or the spool.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/job.hpp"

namespace bramble::policy {

struct NodeView {
    std::string name;
    bool up = true;
    int cores = 0;                  // total
    std::vector<bool> core_busy;    // size == cores; true where a running job holds the core
    std::uint64_t memory = 0;       // total bytes
    std::uint64_t memory_free = 0;  // bytes not reserved by running jobs
};

struct PendingJob {
    JobId id = 0;
    std::string user;
    int slots = 1;
    std::string pe;  // empty: serial
    std::uint64_t memory_per_slot = 0;
    std::string pinned_node;  // empty: any node
    int priority = 0;
    std::int64_t submit_time = 0;
};

struct Snapshot {
    std::vector<NodeView> nodes;
    std::vector<PendingJob> pending;  // held and dependent jobs are not in here
};

}  // namespace bramble::policy
