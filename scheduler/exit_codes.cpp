// Grid Engine's two exit codes with a meaning: a job script that exits 99 asks to be run again, and
// one that exits 100 asks to be stopped for a person to look at it (Eqw, until `qmod -cj`). Scripts
// and workflow tools written for Grid Engine use both. A job that qdel is ending stays deleted
// whatever it exits with, and an exit the shepherd marks as a failure (a signal, a limit, output
// that could not be opened) is that failure, not a request.
#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

constexpr int kRescheduleExit = 99;
constexpr int kErrorExit = 100;

}  // namespace

bool Scheduler::exit_code_decides(const Job& job, const std::string& node, const ExitRecord& exit) {
    if (exit.failed != 0 || exit.signal != 0) return false;
    if (exit.exit_status != kRescheduleExit && exit.exit_status != kErrorExit) return false;
    if (job.state != JobState::Dispatched && job.state != JobState::Running) return false;
    // The run is over on its node, so there is nothing to kill: its cores are free once the
    // event takes the job off its nodes.
    const std::string id = job_id_text(job.id);
    if (exit.exit_status == kRescheduleExit) {
        return record(events::Requeued{
                          job.id,
                          "job exited with status 99 on " + node + " (Grid Engine's rerun code)",
                          "", false})
            .ok();
    }
    return record(events::Errored{job.id,
                                  "job exited with status 100 on " + node +
                                      " (Grid Engine's error code); `qmod -cj " + id +
                                      "` runs it again, `qdel " + id + "` deletes it",
                                  false})
        .ok();
}

}  // namespace bramble::scheduler
