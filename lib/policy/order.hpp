// The order in which pending jobs are offered resources. Kept apart from placement so that fair
// share and ageing can change who goes first without touching where jobs go.
#pragma once

#include <cstddef>
#include <vector>

#include "policy/snapshot.hpp"

namespace bramble::policy {

// True when `a` should be offered resources before `b`: higher priority first, then the earlier
// submission, then the lower id. A strict total order on distinct ids, so the result never depends
// on the order of the input.
bool starts_before(const PendingJob& a, const PendingJob& b);

// Indices into `pending`, in the order the jobs are offered resources.
std::vector<std::size_t> start_order(const std::vector<PendingJob>& pending);

}  // namespace bramble::policy
