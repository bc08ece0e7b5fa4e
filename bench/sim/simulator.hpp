// The simulator: plays a workload on simulated nodes in virtual time by calling the real planner
// at every event (arrivals and job ends), the way the scheduler runs one pass per batch of events.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/allocation_rule.hpp"
#include "model/job.hpp"
#include "policy/snapshot.hpp"

namespace bramble::sim {

struct SimJob {
    JobId id = 0;
    std::string user;
    std::int64_t submit = 0;
    int slots = 1;
    AllocationRule rule;  // PeSlots: every slot on one node
    std::uint64_t memory_per_slot = 0;
    std::int64_t walltime = 0;  // what the planner plans with
    std::int64_t runtime = 0;   // how long it really runs: at most the walltime
    int priority = 0;
    bool exclusive = false;
    std::vector<std::string> gpio;                             // lines, each held alone
    std::map<std::string, std::uint64_t> consumables_per_job;  // gpu: 1
};

struct SimCluster {
    int nodes = 4;
    int cores = 4;
    std::uint64_t memory = std::uint64_t{4} << 30;     // per node
    std::map<std::string, std::uint64_t> consumables;  // the capacity of each on every node
    std::vector<std::string> gpio;                     // the lines of the first node
};

struct SimOptions {
    policy::PolicyConfig policy;
    std::int64_t half_life = 3600;  // of past usage, as the scheduler's fair_share.half_life
};

// What happened to one job. start and end are -1 when it never started.
struct JobOutcome {
    JobId id = 0;
    std::string user;
    int slots = 1;
    std::int64_t submit = 0;
    std::int64_t start = -1;
    std::int64_t end = -1;
    std::int64_t first_reservation = -1;  // the start its first reservation promised; -1: none
};

struct SimResult {
    std::vector<JobOutcome> jobs;  // in submission order
    int slots = 0;                 // of the whole cluster
    int passes = 0;
    bool stuck = false;  // jobs were left that nothing would ever start
};

// Plays `workload` (any order) to the end: until every job has run, or nothing more can start.
SimResult simulate(const SimCluster& cluster, std::vector<SimJob> workload,
                   const SimOptions& options);

}  // namespace bramble::sim
