// Synthetic workloads for the simulator: a seeded mix of users, arrivals, sizes, walltimes and
// runtimes (never over the walltime), so a run reproduces from its seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "simulator.hpp"

namespace bramble::sim {

struct WorkloadSpec {
    int jobs = 500;
    std::vector<std::string> users = {"ann", "bob", "cat"};
    std::vector<double> user_weights;  // how many jobs each user submits, relative; empty = equal
    double mean_interarrival = 10;     // seconds, exponential
    int max_slots = 4;                 // sizes 1..max_slots, on one node
    double wide_fraction = 0.1;        // of jobs that ask for max_slots
    std::int64_t min_walltime = 60;
    std::int64_t max_walltime = 3600;
    std::uint64_t max_memory_per_slot = 0;  // memory per slot drawn from 0..this
    unsigned seed = 1;
};

std::vector<SimJob> random_workload(const WorkloadSpec& spec);

}  // namespace bramble::sim
