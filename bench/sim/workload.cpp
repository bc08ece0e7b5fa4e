// random_workload(): exponential arrivals, uniform sizes with a share of wide jobs, uniform
// walltimes, runtimes between a quarter of the walltime and all of it.
#include "workload.hpp"

#include <cmath>
#include <random>

namespace bramble::sim {

std::vector<SimJob> random_workload(const WorkloadSpec& spec) {
    std::mt19937_64 random(spec.seed);
    std::exponential_distribution<double> gap(1.0 / std::max(spec.mean_interarrival, 1e-9));
    std::vector<double> weights = spec.user_weights;
    weights.resize(spec.users.size(), weights.empty() ? 1.0 : 0.0);
    std::discrete_distribution<std::size_t> user(weights.begin(), weights.end());
    std::uniform_real_distribution<double> unit(0, 1);
    std::uniform_int_distribution<int> size(1, std::max(spec.max_slots, 1));
    std::uniform_int_distribution<std::int64_t> walltime(spec.min_walltime, spec.max_walltime);
    std::uniform_int_distribution<std::uint64_t> memory(0, spec.max_memory_per_slot);

    std::vector<SimJob> jobs;
    double time = 0;
    for (int i = 0; i < spec.jobs; ++i) {
        SimJob job;
        job.id = static_cast<JobId>(i + 1);
        job.user = spec.users.empty() ? "ann" : spec.users[user(random)];
        job.submit = static_cast<std::int64_t>(std::llround(time));
        job.slots = unit(random) < spec.wide_fraction ? spec.max_slots : size(random);
        job.memory_per_slot = memory(random);
        job.walltime = walltime(random);
        job.runtime = std::max<std::int64_t>(
            1, static_cast<std::int64_t>(
                   std::llround(static_cast<double>(job.walltime) * (0.25 + 0.75 * unit(random)))));
        jobs.push_back(std::move(job));
        time += gap(random);
    }
    return jobs;
}

}  // namespace bramble::sim
