// Priority, then submission time, then id: Grid Engine's default FIFO within a priority.
#include "policy/order.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace bramble::policy {

bool starts_before(const PendingJob& a, const PendingJob& b) {
    return std::tuple(-static_cast<long long>(a.priority), a.submit_time, a.id) <
           std::tuple(-static_cast<long long>(b.priority), b.submit_time, b.id);
}

std::vector<std::size_t> start_order(const std::vector<PendingJob>& pending) {
    std::vector<std::size_t> order(pending.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Stable so that two entries with the same id (which the scheduler never sends) keep their
    // input order instead of an unspecified one.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return starts_before(pending[a], pending[b]);
    });
    return order;
}

}  // namespace bramble::policy
