// Backfill with reservations. A job at the front of the order that cannot start now gets the
// earliest time it could start, found on the timeline of what running jobs and this pass's
// placements give back (at their expected ends); a later job may start now only if it cannot delay
// any reservation: it ends before the reservation starts, or it uses none of the reserved cores,
// GPIO lines or consumables and leaves the reserved memory free.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/allocation.hpp"
#include "policy/planner.hpp"
#include "policy/request.hpp"
#include "policy/snapshot.hpp"
#include "policy/working_cluster.hpp"

namespace bramble::policy {

// The end of something that never says when it ends (a walltime of 0).
inline constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

// When a job started at `start` with this walltime ends at the latest; kForever without one.
std::int64_t end_of(std::int64_t start, std::int64_t walltime);

// "45s", "12m", "1h05m", "2d03h": how long until a reservation starts.
std::string duration_text(std::int64_t seconds);

class Backfill {
  public:
    // Keeps a reference to `snapshot`, which must outlive this object.
    Backfill(const Snapshot& snapshot, std::int64_t now);

    // The reservation that starting `allocation` now and holding it until `end` would delay, or
    // nothing.
    [[nodiscard]] const Reservation* delayed_by(const Allocation& allocation,
                                                std::int64_t end) const;

    // Records a placement of this pass: it holds its resources until `end`.
    void placed(const Allocation& allocation, std::int64_t end);

    // The earliest time `job` could start given `cluster` (what is free now) and the timeline,
    // recorded as a reservation; nothing when no start can be found or the pass has used up its
    // reservations (PolicyConfig.max_reservations) or the attempts it may spend on them.
    std::optional<std::int64_t> reserve(const PendingJob& job, const Request& request,
                                        const WorkingCluster& cluster);

    [[nodiscard]] const std::vector<Reservation>& reservations() const { return reservations_; }

  private:
    // What a reservation leaves to others on each of its nodes at its start.
    struct Guard {
        std::int64_t end = kForever;
        std::vector<std::pair<std::string, std::uint64_t>> memory_slack;  // node, bytes
    };
    struct Release {
        std::int64_t end;
        const Allocation* allocation;  // null: nothing given back, only a moment worth trying
    };

    [[nodiscard]] std::vector<Release> timeline() const;
    std::optional<Allocation> fit_at(const WorkingCluster& state, const Request& request,
                                     std::int64_t start, std::int64_t end, Guard& guard) const;
    void record(JobId id, std::int64_t start, Allocation allocation, Guard guard);

    const Snapshot& snapshot_;
    std::int64_t now_;
    std::vector<std::pair<std::int64_t, Allocation>> placed_;  // this pass's, with their ends
    std::vector<Reservation> reservations_;
    std::vector<Guard> guards_;  // one per reservation
    int attempts_ = 0;
};

}  // namespace bramble::policy
