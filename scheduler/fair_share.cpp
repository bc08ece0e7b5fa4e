// Fair share's charge: a finished job's slots x wall time, added to its owner's usage (UsageBook)
// and saved in the turn that ends it. A running job counts what it has used so far
// (cluster_view.cpp), so a user cannot dodge the share by submitting long jobs.
#include <algorithm>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::charge_usage(const Job& job) {
    if (job.allocation.empty() || job.owner.user.empty()) return;
    const std::int64_t end = job.end_time > 0 ? job.end_time : clock_.wall_seconds();
    const std::int64_t wall = std::max<std::int64_t>(0, end - job.start_time);
    const store::UsageRecord& record = usage_.charge(
        job.owner.user, static_cast<double>(job.allocation.slots()) * static_cast<double>(wall),
        end, config_.fair_share.half_life);
    if (auto saved = turn_.write([&](store::Spool& spool) { return spool.save_usage(record); });
        !saved) {
        log("spool: cannot save the usage of " + record.user + ": " + saved.message());
    }
}

}  // namespace bramble::scheduler
