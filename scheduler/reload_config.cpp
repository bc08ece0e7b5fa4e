// SIGHUP: the cluster config read again, the file staying the one source of truth. What a pass
// reads (PEs, nodes' labels, consumables and GPIO lines, queue limits, fair share, user limits,
// backfill, managers, the per-user cap, the node timings) takes effect for the next pass; where
// the daemon listens, its spool, socket, cluster key, accounting file, backups and the queue's
// name are bound at start and stay until a restart.
#include "config/parallel_environments.hpp"
#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

void keep_start_settings(const config::ClusterConfig& running, config::ClusterConfig& next) {
    next.cluster_name = running.cluster_name;
    next.queue = running.queue;
    next.listen = running.listen;
    next.socket = running.socket;
    next.spool = running.spool;
    next.cluster_key = running.cluster_key;
    next.sge_root = running.sge_root;
    next.backup = running.backup;
}

}  // namespace

// Applied between turns: a submission of the open turn was resolved against the old config, and
// is resolved again below once it is committed. Every active job's request is resolved again, as
// a restart does (replan): a waiting job the new config cannot serve waits with the reason; a
// job on a node keeps running with what it holds, whatever the node's entry now says.
void Scheduler::reload_config(config::ClusterConfig next) {
    after_commit([this, next = std::move(next)](bool) mutable {
        keep_start_settings(config_, next);
        config_ = std::move(next);
        for (const auto& [id, job] : jobs_.active()) {
            if (job.state == JobState::Pending) notes_.forget(id);
            replan(job);
        }
        log("config reloaded: " + std::to_string(config_.nodes.size()) + " configured nodes, " +
            std::to_string(config::parallel_environments_of(config_).size()) +
            " parallel environments; the queue's name, listen, socket, spool, cluster_key, "
            "sge_root and backup change only at a restart");
        mark_dirty();
    });
}

}  // namespace bramble::scheduler
