// The order in which pending jobs are offered resources. Each job's priority is
//   w_p * P + w_f * F + w_w * W
// with P = (priority + 1023) / 2047 (its -p, clamped to -1023..1024), F its user's fair-share score
// (fair_share.hpp) and W = min(1, seconds waited / waiting_scale); higher goes first, ties by
// submission time, then id. Within one user F is the same for every job, so a user's jobs keep
// their priority-then-FIFO order; between users, the one with the best next job goes next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "policy/planner.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy {

// P: -1023 -> 0, 0 -> 0.4998, 1024 -> 1; anything outside the range is clamped.
double priority_score(int priority);

// W: 0 at submission (or before: a clock stepped back), 1 after waiting_scale seconds and beyond.
double waiting_score(std::int64_t submit_time, std::int64_t now, std::int64_t waiting_scale);

// Hands out the pending jobs of a snapshot one at a time, in start order. The order adapts within
// the pass: charge() raises a user's usage after a placement, which lowers their later jobs.
class StartQueue {
  public:
    // Keeps references into `snapshot`, which must outlive this object.
    StartQueue(const Snapshot& snapshot, std::int64_t now);

    // The index into snapshot.pending of the next job, with its priority as of now; nothing once
    // every job has been handed out.
    std::optional<std::size_t> next(JobPriority& priority);

    // Adds `slot_seconds` to `user`'s usage for the rest of the pass.
    void charge(const std::string& user, double slot_seconds);

  private:
    // A job as the order sees it, copied out of the snapshot so that sorting and the heap touch
    // only small contiguous records.
    struct Entry {
        double base = 0;  // w_p * P + w_w * W
        std::int64_t submit_time = 0;
        JobId id = 0;
        std::size_t index = 0;  // into snapshot.pending
    };
    struct UserQueue {
        std::string_view name;
        double usage = 0;
        std::vector<Entry> jobs;  // in this user's order
        std::size_t next = 0;
    };
    struct Head {
        double total = 0;
        std::int64_t submit_time = 0;
        JobId id = 0;
        std::size_t user = 0;
    };
    struct HeadAfter {
        bool operator()(const Head& a, const Head& b) const;
    };

    [[nodiscard]] double fair_share(const UserQueue& user) const;
    [[nodiscard]] Head head_of(std::size_t user) const;
    void rebuild_heads();

    const Snapshot& snapshot_;
    std::int64_t now_;
    std::vector<UserQueue> users_;  // by name
    double usage_sum_ = 0;
    std::priority_queue<Head, std::vector<Head>, HeadAfter> heads_;
    bool stale_ = false;
};

}  // namespace bramble::policy
