// What the planner sees: the nodes with what is free on each, the jobs waiting to start, the jobs
// running (for backfill's timeline and the user limits), each user's past usage and the policy's
// knobs. Built by the scheduler from its live state; the planner never sees sockets, clocks or
// the spool.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/allocation.hpp"
#include "model/allocation_rule.hpp"
#include "model/job.hpp"

namespace bramble::policy {

// Why a node that is not up takes no jobs.
enum class Unavailable : std::uint8_t {
    Down,      // its execd is not connected
    Disabled,  // a manager disabled its queue instance (qmod -d)
    InError,   // it failed to set jobs up, until its execd registers again
};

struct NodeView {
    std::string name;
    bool up = true;
    Unavailable unavailable = Unavailable::Down;  // why, when !up
    int cores = 0;                                // total
    std::vector<bool> core_busy;    // size == cores; true where a running job holds the core
    std::uint64_t memory = 0;       // total bytes
    std::uint64_t memory_free = 0;  // bytes not reserved by running jobs
    std::map<std::string, std::string> labels;              // from the config: role: web
    std::map<std::string, std::uint64_t> consumables;       // capacity: gpu: 1
    std::map<std::string, std::uint64_t> consumables_free;  // not held by running jobs
    std::vector<std::string> gpio;                          // the GPIO line names it owns
    std::vector<std::string> gpio_busy;                     // lines held by running jobs
    int running_jobs = 0;    // jobs holding anything here (an exclusive job needs none)
    bool exclusive = false;  // held by an exclusive job: nothing else may start here
};

struct PendingJob {
    JobId id = 0;
    std::string user;
    int slots = 1;        // the least the job accepts
    int slots_max = 0;    // the most (-pe mpi 2-8); 0 = exactly `slots`
    std::string pe;       // empty: serial
    AllocationRule rule;  // the PE's rule; PeSlots for a serial job
    std::uint64_t memory_per_slot = 0;
    std::uint64_t memory_per_job = 0;           // charged on the master node
    std::vector<std::string> node_patterns;     // Grid Engine wildcards; empty = any
    std::vector<std::string> abandoned_on;      // lost nodes that may still run an earlier run
    std::map<std::string, std::string> labels;  // required node labels
    bool exclusive = false;
    std::vector<std::string> gpio;  // GPIO line names, exclusive each
    std::map<std::string, std::uint64_t> consumables_per_slot;
    std::map<std::string, std::uint64_t> consumables_per_job;  // charged on the master node
    int priority = 0;                                          // -p, -1023..1024
    std::int64_t submit_time = 0;
    std::int64_t walltime = 0;  // seconds, the queue's default applied; what backfill plans with
};

// A job holding resources now, and when it will have given them back at the latest.
struct RunningJob {
    JobId id = 0;
    std::string user;
    Allocation allocation;
    std::int64_t start_time = 0;
    std::int64_t expected_end = 0;  // start + walltime
};

// Per-user caps; 0 = no cap.
struct UserLimit {
    int max_running_jobs = 0;
    int max_slots = 0;
};

// The policy's knobs, from the cluster config. The weights combine the normalised priority
// components (see order.hpp for the formula).
struct PolicyConfig {
    double weight_priority = 1.0;
    double weight_fair_share = 1.0;
    double weight_waiting = 0.1;
    std::int64_t waiting_scale = 86400;  // seconds of waiting that count as a full waiting score
    std::map<std::string, UserLimit> user_limits;  // by user name
    UserLimit default_user_limit;                  // for users not named
    bool backfill = true;
    // How many blocked jobs (first in the order) get a reservation that later jobs may not delay;
    // each costs one walk of the timeline.
    int max_reservations = 1;
};

struct Snapshot {
    std::vector<NodeView> nodes;
    std::vector<PendingJob> pending;  // held and dependent jobs are not in here
    std::vector<RunningJob> running;
    std::map<std::string, double> usage;  // user -> decayed past usage, slot-seconds as of `now`
    PolicyConfig policy;
};

}  // namespace bramble::policy
