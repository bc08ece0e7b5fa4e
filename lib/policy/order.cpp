// Start order: one queue per user in priority-then-FIFO order, and a heap of the users' next jobs
// scored with the fair share they have as of the last placement.
#include "policy/order.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "policy/fair_share.hpp"

namespace bramble::policy {

double priority_score(int priority) {
    return (std::clamp(priority, -1023, 1024) + 1023) / 2047.0;
}

double waiting_score(std::int64_t submit_time, std::int64_t now, std::int64_t waiting_scale) {
    if (waiting_scale <= 0 || now <= submit_time) return 0;
    return std::min(1.0,
                    static_cast<double>(now - submit_time) / static_cast<double>(waiting_scale));
}

StartQueue::StartQueue(const Snapshot& snapshot, std::int64_t now)
    : snapshot_(snapshot), now_(now) {
    const PolicyConfig& policy = snapshot.policy;
    std::unordered_map<std::string_view, std::size_t> by_name;
    std::vector<std::size_t> user_of(snapshot.pending.size());
    for (std::size_t i = 0; i < snapshot.pending.size(); ++i) {
        const auto [found, added] = by_name.try_emplace(snapshot.pending[i].user, users_.size());
        if (added) users_.push_back({snapshot.pending[i].user});
        user_of[i] = found->second;
    }
    for (std::size_t i = 0; i < snapshot.pending.size(); ++i) {
        const PendingJob& job = snapshot.pending[i];
        const double base =
            policy.weight_priority * priority_score(job.priority) +
            policy.weight_waiting * waiting_score(job.submit_time, now, policy.waiting_scale);
        users_[user_of[i]].jobs.push_back({base, job.submit_time, job.id, i});
    }
    // Users by name, so that nothing depends on the order of the input.
    std::sort(users_.begin(), users_.end(),
              [](const UserQueue& a, const UserQueue& b) { return a.name < b.name; });
    for (UserQueue& user : users_) {
        const auto usage = snapshot.usage.find(std::string(user.name));
        user.usage = usage == snapshot.usage.end() ? 0 : std::max(usage->second, 0.0);
        usage_sum_ += user.usage;
        std::sort(user.jobs.begin(), user.jobs.end(), [](const Entry& a, const Entry& b) {
            return std::tie(b.base, a.submit_time, a.id) < std::tie(a.base, b.submit_time, b.id);
        });
    }
    rebuild_heads();
}

double StartQueue::fair_share(const UserQueue& user) const {
    return fair_share_score(user.usage, usage_sum_ / static_cast<double>(users_.size()));
}

StartQueue::Head StartQueue::head_of(std::size_t user) const {
    const UserQueue& queue = users_[user];
    const Entry& job = queue.jobs[queue.next];
    return {job.base + snapshot_.policy.weight_fair_share * fair_share(queue), job.submit_time,
            job.id, user};
}

// The heap keeps the greatest on top, so "after" is less urgent: lower total, then later, then
// the higher id.
bool StartQueue::HeadAfter::operator()(const Head& a, const Head& b) const {
    return std::tie(b.total, a.submit_time, a.id) > std::tie(a.total, b.submit_time, b.id);
}

void StartQueue::rebuild_heads() {
    std::vector<Head> heads;
    heads.reserve(users_.size());
    for (std::size_t user = 0; user < users_.size(); ++user) {
        if (users_[user].next < users_[user].jobs.size()) heads.push_back(head_of(user));
    }
    heads_ = decltype(heads_)(HeadAfter{}, std::move(heads));
    stale_ = false;
}

std::optional<std::size_t> StartQueue::next(JobPriority& priority) {
    if (stale_) rebuild_heads();
    if (heads_.empty()) return std::nullopt;
    const Head head = heads_.top();
    heads_.pop();
    UserQueue& user = users_[head.user];
    const std::size_t index = user.jobs[user.next].index;
    const PendingJob& job = snapshot_.pending[index];
    priority = {job.id, head.total, priority_score(job.priority), fair_share(user),
                waiting_score(job.submit_time, now_, snapshot_.policy.waiting_scale)};
    ++user.next;
    if (user.next < user.jobs.size()) heads_.push(head_of(head.user));
    return index;
}

void StartQueue::charge(const std::string& user, double slot_seconds) {
    const auto found = std::lower_bound(
        users_.begin(), users_.end(), std::string_view(user),
        [](const UserQueue& queue, std::string_view name) { return queue.name < name; });
    if (found == users_.end() || found->name != user || slot_seconds <= 0) return;
    found->usage += slot_seconds;
    usage_sum_ += slot_seconds;
    // The mean moved, so every user's score did: re-score the heads before the next job. Without
    // a fair-share weight nothing changes.
    stale_ = snapshot_.policy.weight_fair_share != 0;
}

}  // namespace bramble::policy
