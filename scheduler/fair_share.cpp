// Fair share's memory: each user's past usage in slot-seconds, kept in the spool and decayed with
// the configured half-life. A finished job is charged its slots x wall time; a running one counts
// what it has used so far, so a user cannot dodge the share by submitting long jobs.
#include "policy/fair_share.hpp"

#include <algorithm>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

Status Scheduler::restore_usage() {
    auto records = spool_->load_usage();
    if (!records) return make_error("cannot load past usage from the spool: " + records.message());
    for (auto& record : *records)
        past_usage_[record.user] = std::move(record);
    return ok_status();
}

void Scheduler::charge_usage(const Job& job) {
    if (job.allocation.empty() || job.owner.user.empty()) return;
    const std::int64_t end = job.end_time > 0 ? job.end_time : clock_.wall_seconds();
    const std::int64_t wall = std::max<std::int64_t>(0, end - job.start_time);
    // Two ends of one user in one turn: the second builds on the first's charge.
    auto charged = charged_.find(job.owner.user);
    if (charged == charged_.end()) {
        auto past = past_usage_.find(job.owner.user);
        charged = charged_
                      .emplace(job.owner.user,
                               past == past_usage_.end() ? store::UsageRecord{} : past->second)
                      .first;
    }
    store::UsageRecord& record = charged->second;
    record.user = job.owner.user;
    const auto usage =
        policy::accrue({record.value, record.as_of},
                       static_cast<double>(job.allocation.slots()) * static_cast<double>(wall), end,
                       config_.fair_share.half_life);
    record.value = usage.value;
    record.as_of = usage.as_of;
    if (auto saved = turn_.write([&](store::Spool& spool) { return spool.save_usage(record); });
        !saved) {
        log("spool: cannot save the usage of " + record.user + ": " + saved.message());
    }
}

}  // namespace bramble::scheduler
