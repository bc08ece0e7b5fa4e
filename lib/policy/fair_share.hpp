// Fair share: how a user's past usage lowers the priority of their waiting jobs, and how that usage
// fades with time. Usage is in slot-seconds; the scheduler ages what it stores with decay() and
// adds the elapsed slot-seconds of running jobs before a pass.
#pragma once

#include <cstdint>

#include "policy/snapshot.hpp"

namespace bramble::policy {

// `usage` as it counts `elapsed_seconds` later: halved every `half_life` seconds. A half life of 0
// or less means usage never fades; a negative elapsed time (a clock stepped back) changes nothing.
double decay(double usage, std::int64_t elapsed_seconds, std::int64_t half_life);

// A user's usage as kept: `value` slot-seconds as of `as_of` (epoch seconds).
struct Usage {
    double value = 0;
    std::int64_t as_of = 0;
};

// `usage` with `amount` slot-seconds used at `at` added: decayed to `at` first, and never aged
// backwards by an earlier `at`. The one way usage grows (the ledger's accrue, a job's end).
Usage accrue(Usage usage, double amount, std::int64_t at, std::int64_t half_life);

// The fair-share score, 0..1: 2^(-usage / mean_usage), where mean_usage is the mean usage of the
// users with jobs waiting. 1 for a user with no usage, 0.5 for a user at the mean, 0.25 at twice
// the mean. With no usage anywhere (mean 0) every user scores 1.
double fair_share_score(double usage, double mean_usage);

// What a job placed in this pass adds to its user's usage for the rest of the pass: the
// slot-seconds it will use if it runs to its walltime (slots x waiting_scale when it has none), so
// that one pass shares an empty cluster between the users waiting instead of filling it with the
// first user's jobs.
double pass_charge(const PendingJob& job, std::int64_t waiting_scale);

}  // namespace bramble::policy
