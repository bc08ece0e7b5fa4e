// Exponential decay of usage and the 2^(-u/mean) fair-share score.
#include "policy/fair_share.hpp"

#include <algorithm>
#include <cmath>

namespace bramble::policy {

double decay(double usage, std::int64_t elapsed_seconds, std::int64_t half_life) {
    if (half_life <= 0 || elapsed_seconds <= 0) return usage;
    return usage *
           std::exp2(-static_cast<double>(elapsed_seconds) / static_cast<double>(half_life));
}

Usage accrue(Usage usage, double amount, std::int64_t at, std::int64_t half_life) {
    usage.value = decay(usage.value, at - usage.as_of, half_life) + amount;
    usage.as_of = std::max(usage.as_of, at);
    return usage;
}

double fair_share_score(double usage, double mean_usage) {
    if (mean_usage <= 0 || usage <= 0) return 1.0;
    return std::exp2(-usage / mean_usage);
}

double pass_charge(const PendingJob& job, std::int64_t waiting_scale) {
    const std::int64_t seconds =
        job.walltime > 0 ? job.walltime : std::max<std::int64_t>(waiting_scale, 1);
    return static_cast<double>(std::max(job.slots, 0)) * static_cast<double>(seconds);
}

}  // namespace bramble::policy
