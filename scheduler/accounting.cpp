// qacct: finished jobs from the spool, a bounded page at a time. Every user may read accounting,
// as in Grid Engine. One request reads at most kAccountingRows spool rows, whatever it filters
// on, so a hostile caller cannot make the daemon build a big reply or block the loop for long;
// qacct asks for the next page until the reply says there is none.
#include <limits>
#include <string>

#include "accounting_record.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

constexpr int kAccountingRows = 2000;

// The spool rows a -j argument names: a job and all its tasks, one task, or (a name or pattern,
// or nothing) every row with the name matched by the spool.
store::FinishedQuery finished_query(const wire::AccountingRequest& request) {
    store::FinishedQuery query;
    query.owner = request.owner;
    const auto ref = request.job.empty() ? std::nullopt : parse_job_ref(request.job);
    if (ref && ref->task > 0) {
        query.low = query.high = store::row_of(task_job_id(ref->id, ref->task));
    } else if (ref) {
        query.low = query.high = store::row_of(ref->id);
        query.also_low = store::row_of(task_job_id(ref->id, 1));
        query.also_high = store::row_of(task_job_id(ref->id, kMaxTaskNumber));
    } else {
        query.low = std::numeric_limits<std::int64_t>::min();
        query.high = std::numeric_limits<std::int64_t>::max();
        query.name_glob = request.job;
    }
    return query;
}

bool wanted(const wire::AccountingRecord& record, const wire::AccountingRequest& request) {
    if (!request.host.empty() && record.host != request.host) return false;
    if (request.started_from != 0 && record.start_time < request.started_from) return false;
    return request.started_until == 0 || record.start_time <= request.started_until;
}

}  // namespace

void Scheduler::accounting(const Caller& /*caller*/, const wire::AccountingRequest& request,
                           const Reply& reply) {
    after_commit([this, request, reply](bool) {
        const std::int64_t after =
            request.after == 0 ? std::numeric_limits<std::int64_t>::min() : request.after;
        auto page = spool_->load_finished(finished_query(request), after, kAccountingRows);
        if (!page) {
            reply(wire::ErrorReply{page.message(), true});
            return;
        }
        wire::AccountingReply out;
        for (const Job& job : page->jobs) {
            if (!has_accounting(job)) continue;
            auto record = accounting_record(job, config_.queue);
            if (wanted(record, request)) out.records.push_back(std::move(record));
        }
        out.next = page->last.value_or(0);
        reply(std::move(out));
    });
}

}  // namespace bramble::scheduler
