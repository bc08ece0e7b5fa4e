// What a simulation shows: each user's share of the slot-seconds used, waiting times, the
// cluster's utilisation, the longest wait of a wide job, and reservations broken.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "simulator.hpp"

namespace bramble::sim {

struct UserSummary {
    double share = 0;  // of the slot-seconds used by everybody in the window
    int jobs = 0;      // started
    double mean_wait = 0;
    std::int64_t max_wait = 0;
};

struct Summary {
    std::int64_t from = 0;   // the window: first submission ...
    std::int64_t to = 0;     // ... to the last end
    double utilisation = 0;  // slot-seconds used / (slots x window)
    double mean_wait = 0;
    std::int64_t max_wait = 0;
    std::int64_t max_wide_wait = 0;  // of jobs asking for at least `wide_slots`
    int started = 0;
    int never_started = 0;
    int late_reservations = 0;  // jobs that started after their first reservation's start
    std::map<std::string, UserSummary> users;
};

// Summarises `result`; shares are counted over [from, to] (to < 0: the last end).
Summary summarise(const SimResult& result, int wide_slots, std::int64_t from = 0,
                  std::int64_t to = -1);

// Slot-seconds each user used between `from` and `to`.
std::map<std::string, double> usage_between(const SimResult& result, std::int64_t from,
                                            std::int64_t to);

std::string format_summary(const Summary& summary, const SimResult& result);

}  // namespace bramble::sim
