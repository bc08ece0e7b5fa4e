// A node that fails jobs for reasons of its own (its spool full, no job directory, the owner
// unknown there) would otherwise take every job of a burst and fail them all: the job it could not
// set up goes back to the queue (it never ran), and the node rests for node_error_seconds (state E
// in qstat -f, with the reason in the log and in the job's history) or until its execd registers
// again.
#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

// A job no node can set up (its owner unknown everywhere, say) stops going round: after this many
// failed set-ups it waits in Eqw with the last reason.
constexpr int kMostSetupFailures = 3;

}  // namespace

bool Scheduler::node_could_not_start(const Job& job, const std::string& node,
                                     const ExitRecord& exit) {
    if (exit.failed != kFailedNodeSetup) return false;
    if (job.state != JobState::Dispatched && job.state != JobState::Running) return false;
    NodeRecord* record_of_node = nodes_.find(node);
    if (record_of_node == nullptr) return false;
    record_of_node->error = exit.failure;
    record_of_node->error_until_ms = clock_.steady_ms() + 1000LL * config_.node_error_seconds;
    log("node " + node + " takes no jobs for " + std::to_string(config_.node_error_seconds) +
        " s: it could not set up job " + job_id_text(job.id) + ": " + exit.failure);
    const std::string why = "node " + node + " could not set it up: " + exit.failure;
    send_kill(job, "job " + job_id_text(job.id) + " ends here: " + why);
    const int failures = job.setup_failures + 1;
    if (failures >= kMostSetupFailures) {
        (void)record(events::Errored{
            job.id,
            "the job could not be set up " + std::to_string(failures) + " times; the last: " + why,
            true});
    } else {
        (void)record(events::Requeued{job.id, why, "", true});
    }
    return true;
}

void Scheduler::end_node_errors() {
    const std::int64_t now = clock_.steady_ms();
    for (auto& [name, node] : nodes_.records()) {
        if (node.error.empty() || now < node.error_until_ms) continue;
        log("node " + name + " takes jobs again after resting " +
            std::to_string(config_.node_error_seconds) + " s");
        node.error.clear();
        mark_dirty();
    }
}

}  // namespace bramble::scheduler
