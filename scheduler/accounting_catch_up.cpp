// Grid Engine's accounting file, derived from the spool and never ahead of it: a job's line is
// written after the commit that ended it, once per turn. A crash between that commit and the
// write, or a failed write, leaves the line out; the next start appends it. The file itself says
// which jobs it holds (their job and task numbers), which survives a crash at any point without
// a marker that could disagree with it: a marker in the spool would be written in a later
// transaction than the line, so a crash between the two would write the line twice.
#include <limits>

#include "accounting_record.hpp"
#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

// Finished rows read per spool query at start, so that memory stays bounded on a long history.
constexpr int kCatchUpRows = 2000;

}  // namespace

void Scheduler::account(const Job& ended) {
    if (!accounting_file_ || !has_accounting(ended)) return;
    accounting_lines_ += accounting_line(accounting_record(ended, config_.queue));
}

void Scheduler::write_accounting() {
    if (accounting_lines_.empty()) return;
    if (auto written = accounting_file_->append(accounting_lines_); !written) {
        log("accounting file: " + written.message() +
            "; the lines are written at the next start, from the spool");
    }
    accounting_lines_.clear();
}

void Scheduler::catch_up_accounting() {
    if (!accounting_file_) return;
    auto written = accounting_file_->written();
    if (!written) {
        log("accounting file: " + written.message() + "; not caught up");
        return;
    }
    store::FinishedQuery every;
    every.low = std::numeric_limits<std::int64_t>::min();
    every.high = std::numeric_limits<std::int64_t>::max();
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    std::size_t added = 0;
    for (;;) {
        auto page = spool_->load_finished(every, after, kCatchUpRows);
        if (!page) {
            log("accounting file: " + page.message() + "; not caught up");
            return;
        }
        std::string lines;
        for (const Job& job : page->jobs) {
            if (!has_accounting(job)) continue;
            auto record = accounting_record(job, config_.queue);
            if (written->contains(AccountedJob{record.job, record.task})) continue;
            lines += accounting_line(record);
            ++added;
        }
        if (!lines.empty()) {
            if (auto appended = accounting_file_->append(lines); !appended) {
                log("accounting file: " + appended.message() + "; not caught up");
                return;
            }
        }
        if (!page->last) break;
        after = *page->last;
    }
    if (added > 0) {
        log("accounting file " + accounting_file_->path() + ": appended " + std::to_string(added) +
            " lines of jobs that ended before the last stop");
    }
}

}  // namespace bramble::scheduler
