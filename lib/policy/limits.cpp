// User limits: count what each user holds, refuse what would go over a cap.
#include "policy/limits.hpp"

namespace bramble::policy {

namespace {

bool capped(const UserLimit& limit) {
    return limit.max_running_jobs > 0 || limit.max_slots > 0;
}

}  // namespace

UserLimits::UserLimits(const Snapshot& snapshot) : policy_(snapshot.policy) {
    any_ = capped(policy_.default_user_limit);
    for (const auto& [user, limit] : policy_.user_limits)
        any_ = any_ || capped(limit);
    if (!any_) return;
    for (const RunningJob& job : snapshot.running)
        count(job.user, job.allocation.slots());
}

const UserLimit& UserLimits::limit_of(const std::string& user) const {
    const auto named = policy_.user_limits.find(user);
    return named == policy_.user_limits.end() ? policy_.default_user_limit : named->second;
}

std::optional<std::string> UserLimits::refuse(const PendingJob& job) const {
    if (!any_) return std::nullopt;
    const UserLimit& limit = limit_of(job.user);
    if (!capped(limit)) return std::nullopt;
    const auto found = held_.find(job.user);
    const Held held = found == held_.end() ? Held{} : found->second;
    if (limit.max_running_jobs > 0 && held.jobs + 1 > limit.max_running_jobs) {
        return "user limit " + std::to_string(limit.max_running_jobs) + " running " +
               (limit.max_running_jobs == 1 ? "job" : "jobs") + " reached";
    }
    if (limit.max_slots > 0 && held.slots + job.slots > limit.max_slots) {
        return "user limit " + std::to_string(limit.max_slots) + " " +
               (limit.max_slots == 1 ? "slot" : "slots") + " reached";
    }
    return std::nullopt;
}

void UserLimits::count(const std::string& user, int slots) {
    if (!any_) return;
    Held& held = held_[user];
    ++held.jobs;
    held.slots += slots;
}

}  // namespace bramble::policy
