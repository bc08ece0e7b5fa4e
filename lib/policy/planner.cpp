// plan(): offer resources to pending jobs in start order; place each on its best-fitting node or
// say why not. One pass, no reservations yet: a job that cannot start does not hold back the rest.
#include "policy/planner.hpp"

#include "policy/order.hpp"
#include "policy/reasons.hpp"
#include "policy/request.hpp"
#include "policy/working_cluster.hpp"

namespace bramble::policy {

// `now` is unused until ageing and backfill reservations need it; it is in the signature so that
// callers already pass the pass's time instead of the planner ever reading a clock.
Plan plan(const Snapshot& snapshot, std::int64_t /*now*/) {
    Plan result;
    if (snapshot.pending.empty()) return result;
    WorkingCluster cluster(snapshot.nodes);
    PendingReasons reasons(snapshot.nodes);
    for (const std::size_t index : start_order(snapshot.pending)) {
        const PendingJob& job = snapshot.pending[index];
        const Request request = request_of(job);
        if (const auto node = cluster.best_fit(request)) {
            Placement placement{job.id, {}};
            placement.allocation.grants.push_back(cluster.take(*node, request));
            result.placements.push_back(std::move(placement));
        } else {
            result.reasons.push_back({job.id, reasons.explain(request, cluster)});
        }
    }
    return result;
}

}  // namespace bramble::policy
