// What execds tell the scheduler: a node registers (and is reconciled with what the scheduler
// thinks runs there), heartbeats, reports jobs started and finished; its link closes or falls
// silent.
#include <set>
#include <string>
#include <variant>

#include "log.hpp"
#include "scheduler.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler {
namespace {

bool runs_on(const Job& job, const std::string& node) {
    return !job.allocation.empty() && job.allocation.grants.front().node == node;
}

}  // namespace

void Scheduler::node_registered(const std::shared_ptr<NodeChannel>& link,
                                wire::RegisterNode request) {
    const std::string name = request.inventory.name;
    if (name.empty() || request.inventory.cores < 1) {
        log("registration refused: a node needs a name and at least one core");
        link->send(wire::RegisterReply{false, "a node needs a name and at least one core",
                                       config_.heartbeat_seconds});
        link->close("registration refused");
        return;
    }
    auto& node = nodes_.record(name);
    if (node.link && node.link != link) {
        auto old = std::move(node.link);
        node.link = nullptr;
        log("node " + name + ": a new link replaces the old one");
        old->close("replaced by a newer link from node " + name);
    }
    node.inventory = std::move(request.inventory);
    node.link = link;
    node.up = true;
    node.down_since_ms = 0;
    node.lost = false;
    node.error.clear();  // a restarted execd gets another chance
    node.last_seen_ms = clock_.steady_ms();
    log("node " + name + " registered: " + std::to_string(node.inventory.cores) + " cores, " +
        std::to_string(request.running.size()) + " jobs still running there");
    if (auto saved =
            turn_.write([&](store::Spool& spool) { return spool.save_node(node.inventory); });
        !saved) {
        log("spool: cannot save node " + name + ": " + saved.message());
    }
    // A registration that could not be saved is turned away; the execd tries again.
    after_commit([link, seconds = config_.heartbeat_seconds](bool committed) {
        if (!committed) return link->close("the scheduler could not save the registration");
        link->send(wire::RegisterReply{true, "", seconds});
    });
    reconcile(node, request.running);
    mark_dirty();
}

// After a restart of either side: a dispatched job the node runs has started; one it does not run
// is sent again; a running job it does not list is failed after a grace period unless its
// JobFinished arrives first; a job it runs that the scheduler no longer has is killed.
void Scheduler::reconcile(NodeRecord& node, const std::vector<JobId>& running) {
    const std::set<JobId> listed(running.begin(), running.end());
    const std::string name = node.inventory.name;
    node.suspects.clear();
    for (const auto& entry : jobs_.active()) {
        const JobId id = entry.first;
        const Job* staged = turn_.job(id);
        if (staged == nullptr || !runs_on(*staged, name)) continue;
        const Job& job = *staged;
        const bool there = listed.count(id) > 0;
        if (job.state == JobState::Dispatched && there) {
            (void)record(events::Started{id, name});
        } else if (job.state == JobState::Dispatched) {
            send_start(id);
        } else if (job.state == JobState::Deleting && there) {
            send_kill(job, "deleted by " + job.deleted_by);
        } else if (!there && (job.state == JobState::Running || job.state == JobState::Deleting)) {
            node.suspects.insert(id);
        }
    }
    settle_abandoned_runs(name, listed);
    for (JobId id : running) {
        if (jobs_.active().count(id) > 0) continue;
        log("node " + name + " runs job " + job_id_text(id) + ", which is not active; killing it");
        after_commit([this, name, id](bool) {
            nodes_.send(name,
                        wire::KillJob{id, "the scheduler has no active job " + job_id_text(id)});
        });
    }
    node.reconcile_at_ms = clock_.steady_ms() + 2000LL * config_.heartbeat_seconds;
}

void Scheduler::node_message(const std::shared_ptr<NodeChannel>& link, const std::string& node,
                             wire::Message message) {
    NodeRecord* record = nodes_.find(node);
    if (record == nullptr || record->link != link) {
        log("node " + node + ": " + std::string(wire::type_name(message)) +
            " from a link that is no longer current; ignored");
        return;
    }
    record->last_seen_ms = clock_.steady_ms();
    if (auto* beat = std::get_if<wire::Heartbeat>(&message)) {
        record->load = beat->load;
    } else if (auto* started = std::get_if<wire::JobStarted>(&message)) {
        job_started(node, *started);
    } else if (auto* finished = std::get_if<wire::JobFinished>(&message)) {
        job_finished(node, *finished);
    } else if (auto* relayed = std::get_if<wire::RelayedRequest>(&message)) {
        relayed_request(link, node, std::move(*relayed));
    } else {
        log("node " + node + " sent " + std::string(wire::type_name(message)) +
            ", which an execd may not send; ignored");
    }
}

void Scheduler::job_started(const std::string& node, const wire::JobStarted& message) {
    const Job* job = turn_.job(message.id);
    if (job == nullptr || !runs_on(*job, node)) {
        log("node " + node + " reports job " + job_id_text(message.id) +
            " started, but no such job was dispatched there; ignored");
        return;
    }
    if (job->state != JobState::Dispatched) return;  // a repeat, or deleted meanwhile
    // qstat shows r once this is committed; the starts of a burst share one commit.
    (void)record(events::Started{message.id, node});
}

void Scheduler::job_finished(const std::string& node, const wire::JobFinished& message) {
    const Job* job = turn_.job(message.id);
    if (job == nullptr) {
        log("node " + node + " reports job " + job_id_text(message.id) +
            " finished again; acknowledged");
    } else if (forget_abandoned_run(*job, node)) {
        log("node " + node + " reports the end of job " + job_id_text(message.id) +
            "'s run that was given up when the node was lost; acknowledged");
    } else if (!runs_on(*job, node)) {
        log("node " + node + " reports job " + job_id_text(message.id) +
            " finished, but it does not run there; ignored");
    } else {
        record_end(*job, node, message.exit);
    }
    // Acknowledged only once the end is durable: the node keeps the exit record until then. An
    // end that could not be saved is not lost: the node, disconnected, registers again and
    // reports it once more.
    after_commit([this, node, id = message.id](bool committed) {
        if (committed) return nodes_.send(node, wire::FinishedAck{id});
        NodeRecord* record = nodes_.find(node);
        if (record != nullptr && record->link) {
            record->link->close("the scheduler could not save the end of job " + job_id_text(id));
        }
    });
}

// A job its node could not set up goes elsewhere (the node rests); a job that exits 99 or 100
// waits again (exit_codes.cpp); any other end is the job's.
void Scheduler::record_end(const Job& job, const std::string& node, const ExitRecord& exit) {
    if (node_could_not_start(job, node, exit)) return;
    if (exit_code_decides(job, node, exit)) return;
    ExitRecord end = exit;
    if (end.host.empty()) end.host = node;
    (void)record(events::Finished{job.id, std::move(end), clock_.wall_seconds()});
}

void Scheduler::node_link_closed(const std::shared_ptr<NodeChannel>& link, const std::string& node,
                                 const std::string& why) {
    NodeRecord* record = nodes_.find(node);
    if (record == nullptr || record->link != link) return;  // an old link, already replaced
    record->link = nullptr;
    record->up = false;
    went_down(*record);
    log("node " + node + " is down: " + why + "; its jobs are given up after " +
        std::to_string(config_.node_lost_seconds) + " s unless it returns");
    mark_dirty();
}

void Scheduler::tick() {
    pass_.tick();
    const auto now = clock_.steady_ms();
    const std::int64_t timeout_ms = 1000LL * config_.node_timeout_seconds;
    for (auto& [name, node] : nodes_.records()) {
        if (node.link && now - node.last_seen_ms > timeout_ms) {
            node_down(node, "silent for more than " + std::to_string(config_.node_timeout_seconds) +
                                " s");
        }
        if (node.link && !node.suspects.empty() && now >= node.reconcile_at_ms) {
            fail_suspects(node);
        }
    }
    lose_nodes();
    end_node_errors();
}

void Scheduler::node_down(NodeRecord& node, const std::string& why) {
    auto link = std::move(node.link);
    node.link = nullptr;
    node.up = false;
    went_down(node);
    log("node " + node.inventory.name + " is down: " + why + "; its jobs are given up after " +
        std::to_string(config_.node_lost_seconds) + " s unless it returns");
    if (link) link->close(why);
    mark_dirty();
}

void Scheduler::fail_suspects(NodeRecord& node) {
    const auto suspects = std::move(node.suspects);
    node.suspects.clear();
    const std::string name = node.inventory.name;
    for (JobId id : suspects) {
        const Job* job = turn_.job(id);
        if (job == nullptr || !runs_on(*job, name)) continue;
        if (job->state != JobState::Running && job->state != JobState::Deleting) continue;
        finish_now(*job, "node " + name + " restarted and no longer runs the job");
    }
}

}  // namespace bramble::scheduler
