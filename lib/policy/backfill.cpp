// Reservations on the timeline of releases, and the test that keeps backfilled jobs from delaying
// them.
#include "policy/backfill.hpp"

#include <algorithm>

namespace bramble::policy {

namespace {

// A blocked job may try this many times per reservation the pass may make, so that a queue of
// jobs that can never get one costs a few timeline walks, not one each.
constexpr int kAttemptsPerReservation = 4;

template <class Range>
bool share_any(const Range& a, const Range& b) {
    for (const auto& item : a) {
        if (std::find(b.begin(), b.end(), item) != b.end()) return true;
    }
    return false;
}

bool share_consumable(const NodeGrant& a, const NodeGrant& b) {
    for (const auto& [name, amount] : a.consumables) {
        if (amount > 0 && b.consumables.count(name) != 0) return true;
    }
    return false;
}

using Slack = std::vector<std::pair<std::string, std::uint64_t>>;

template <class Slacks>
auto* slack_on(Slacks& slack, const std::string& node) {
    for (auto& [name, bytes] : slack) {
        if (name == node) return &bytes;
    }
    return static_cast<decltype(&slack.front().second)>(nullptr);
}

// `other` holds its memory while `reserved` starts: less is left there for anyone else.
void consume(Slack& slack, const Allocation& reserved, const Allocation& other) {
    for (const NodeGrant& grant : other.grants) {
        for (const NodeGrant& theirs : reserved.grants) {
            if (theirs.node != grant.node) continue;
            if (std::uint64_t* left = slack_on(slack, grant.node)) {
                *left -= std::min(*left, grant.memory);
            }
        }
    }
}

}  // namespace

std::int64_t end_of(std::int64_t start, std::int64_t walltime) {
    if (walltime <= 0 || start > kForever - walltime) return kForever;
    return start + walltime;
}

std::string duration_text(std::int64_t seconds) {
    seconds = std::max<std::int64_t>(seconds, 0);
    // Appending, not "0" + std::to_string(...): GCC 12 at -O3 warns falsely (-Wrestrict) on that.
    const auto two = [](std::int64_t value) {
        std::string text = std::to_string(value);
        if (value < 10) text.insert(text.begin(), '0');
        return text;
    };
    if (seconds < 60) return std::to_string(seconds) + "s";
    // Minutes round up first, so 59m30s reads "1h00m", never "60m".
    const std::int64_t minutes = (seconds + 59) / 60;
    if (minutes < 60) return std::to_string(minutes) + "m";
    if (minutes < 24 * 60) return std::to_string(minutes / 60) + "h" + two(minutes % 60) + "m";
    const std::int64_t hours = (minutes + 59) / 60;
    return std::to_string(hours / 24) + "d" + two(hours % 24) + "h";
}

Backfill::Backfill(const Snapshot& snapshot, std::int64_t now) : snapshot_(snapshot), now_(now) {}

const Reservation* Backfill::delayed_by(const Allocation& allocation, std::int64_t end) const {
    for (std::size_t i = 0; i < reservations_.size(); ++i) {
        const Reservation& reservation = reservations_[i];
        if (end <= reservation.start) continue;
        // An allocation names each node once, so each reserved node meets one grant of ours.
        const Slack& slack = guards_[i].memory_slack;
        for (const NodeGrant& mine : allocation.grants) {
            for (const NodeGrant& theirs : reservation.allocation.grants) {
                if (mine.node != theirs.node) continue;
                const std::uint64_t* left = slack_on(slack, mine.node);
                if (allocation.exclusive || reservation.allocation.exclusive ||
                    share_any(mine.cores, theirs.cores) || share_any(mine.gpio, theirs.gpio) ||
                    share_consumable(mine, theirs) || left == nullptr || mine.memory > *left) {
                    return &reservation;
                }
            }
        }
    }
    return nullptr;
}

void Backfill::placed(const Allocation& allocation, std::int64_t end) {
    for (std::size_t i = 0; i < reservations_.size(); ++i) {
        if (end > reservations_[i].start) {
            consume(guards_[i].memory_slack, reservations_[i].allocation, allocation);
        }
    }
    placed_.emplace_back(end, allocation);
}

std::vector<Backfill::Release> Backfill::timeline() const {
    std::vector<Release> releases;
    releases.reserve(snapshot_.running.size() + placed_.size());
    for (const RunningJob& job : snapshot_.running) {
        // An end at or before the start is a job without a walltime; one already past is a job
        // about to be stopped, which gives its resources back now.
        if (job.expected_end <= job.start_time) continue;
        releases.push_back({std::max(job.expected_end, now_), &job.allocation});
    }
    for (const auto& [end, allocation] : placed_) {
        if (end != kForever) releases.push_back({end, &allocation});
    }
    // A reservation's end gives nothing back (its resources are free on the timeline) but is the
    // first moment a job it overlapped may fit.
    for (const Guard& guard : guards_) {
        if (guard.end != kForever) releases.push_back({guard.end, nullptr});
    }
    std::stable_sort(releases.begin(), releases.end(),
                     [](const Release& a, const Release& b) { return a.end < b.end; });
    return releases;
}

std::optional<std::int64_t> Backfill::reserve(const PendingJob& job, const Request& request,
                                              const WorkingCluster& cluster) {
    const int allowed = snapshot_.policy.max_reservations;
    if (static_cast<int>(reservations_.size()) >= allowed ||
        attempts_ >= allowed * kAttemptsPerReservation) {
        return std::nullopt;
    }
    ++attempts_;
    const std::vector<Release> releases = timeline();
    WorkingCluster state = cluster;
    for (std::size_t i = 0; i < releases.size();) {
        const std::int64_t start = releases[i].end;
        for (; i < releases.size() && releases[i].end == start; ++i) {
            if (releases[i].allocation != nullptr) state.release(*releases[i].allocation);
        }
        Guard guard;
        guard.end = end_of(start, job.walltime);
        if (auto allocation = fit_at(state, request, start, guard.end, guard)) {
            record(job.id, start, std::move(*allocation), std::move(guard));
            return start;
        }
    }
    return std::nullopt;
}

std::optional<Allocation> Backfill::fit_at(const WorkingCluster& state, const Request& request,
                                           std::int64_t start, std::int64_t end,
                                           Guard& guard) const {
    // Reservations that overlap [start, end) hold their resources for all of it, as far as this
    // job is concerned: more than they need, never less.
    std::optional<WorkingCluster> held;
    for (std::size_t i = 0; i < reservations_.size(); ++i) {
        if (reservations_[i].start >= end || guards_[i].end <= start) continue;
        if (!held) held.emplace(state);
        held->take(reservations_[i].allocation);
    }
    const WorkingCluster& here = held ? *held : state;
    auto allocation = here.place(request);
    if (!allocation) return std::nullopt;
    for (const NodeGrant& grant : allocation->grants) {
        const auto node = here.find(grant.node);
        const std::uint64_t free = node ? here.nodes()[*node].memory_free : 0;
        guard.memory_slack.emplace_back(grant.node, free - std::min(free, grant.memory));
    }
    return allocation;
}

void Backfill::record(JobId id, std::int64_t start, Allocation allocation, Guard guard) {
    // The new reservation holds memory at the start of every earlier one it overlaps.
    for (std::size_t i = 0; i < reservations_.size(); ++i) {
        if (reservations_[i].start >= start && reservations_[i].start < guard.end) {
            consume(guards_[i].memory_slack, reservations_[i].allocation, allocation);
        }
    }
    reservations_.push_back({id, start, std::move(allocation)});
    guards_.push_back(std::move(guard));
}

}  // namespace bramble::policy
