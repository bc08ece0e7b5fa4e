// qsub's request: check the job against the cluster, assign its id, save it, and answer only once
// the turn's transaction (shared by every submission of the turn) has committed.
#include <string>

#include "log.hpp"
#include "requests.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

std::string basename_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// qsub names its jobs; this covers a client that did not, the way Grid Engine would.
std::string default_name(const JobSpec& spec) {
    if (spec.binary && !spec.args.empty()) return basename_of(spec.args.front());
    if (!spec.script_path.empty()) return basename_of(spec.script_path);
    return "STDIN";
}

}  // namespace

void Scheduler::submit(const Caller& caller, wire::SubmitRequest request, Reply reply) {
    auto planned = check_submission(caller, request.spec);
    if (!planned) {
        log("submission from uid " + std::to_string(caller.uid) + " refused: " + planned.message());
        reply(wire::ErrorReply{planned.message()});
        return;
    }
    if (request.spec.name.empty()) request.spec.name = default_name(request.spec);
    const std::string name = request.spec.name;
    if (!request.token.empty()) {
        std::optional<JobId> known;
        if (auto it = tokens_.find(request.token); it != tokens_.end()) {
            known = it->second;
        } else if (auto stored = spool_->find_token(request.token); stored && stored->has_value()) {
            known = **stored;
        }
        if (known) {
            log("job " + std::to_string(*known) + ": submission repeated with the same token");
            after_commit([reply, id = *known, name](bool) { reply(wire::SubmitReply{id, name}); });
            return;
        }
    }
    auto id = admit(caller, request, std::move(*planned));
    if (!id) {
        reply(wire::ErrorReply{id.message()});
        return;
    }
    after_commit([this, reply, id = *id, name](bool committed) {
        if (committed) return reply(wire::SubmitReply{id, name});
        retire(id);
        reply(wire::ErrorReply{"job " + std::to_string(id) +
                               " could not be saved in the scheduler's spool and was not queued"});
    });
}

Result<policy::PendingJob> Scheduler::check_submission(const Caller& caller,
                                                       const JobSpec& spec) const {
    if (caller.user.empty()) {
        return make_error("uid " + std::to_string(caller.uid) +
                          " has no entry in the head node's user database; a job needs a user "
                          "to run as");
    }
    if (spec.slots < 1) {
        return make_error("a job needs at least 1 slot, not " + std::to_string(spec.slots));
    }
    if (spec.priority > 0 && !is_manager(caller)) {
        return make_error("-p " + std::to_string(spec.priority) +
                          ": only managers may raise a job's priority above 0; users may lower "
                          "theirs (-1023..0)");
    }
    if (spec.task_first > 0) return make_error("array jobs (-t) are not supported yet");
    if (!spec.hold_jids.empty() || !spec.hold_jids_by_task.empty()) {
        return make_error("job dependencies (-hold_jid) are not supported yet");
    }
    auto request = resolve_request(spec, config_);
    if (!request) return request.error();
    request->user = caller.user;
    // Could it ever run if every node that has registered were up and empty? With no node yet
    // there is nothing to judge by.
    const auto empty_nodes = empty_node_views();
    if (empty_nodes.empty()) return request;
    if (auto ever = policy::could_ever_run(*request, empty_nodes); !ever) return ever.error();
    return request;
}

Result<JobId> Scheduler::admit(const Caller& caller, wire::SubmitRequest& request,
                               policy::PendingJob planned) {
    if (!open_turn()) {
        return make_error("the scheduler cannot write its spool; the job was not queued");
    }
    auto id = spool_->next_job_id();
    if (!id) return make_error("the scheduler cannot assign a job id: " + id.message());
    Job job;
    job.id = *id;
    job.spec = std::move(request.spec);
    job.owner = Owner{caller.uid, caller.gid, caller.user, caller.group};
    job.state = job.spec.hold ? JobState::Held : JobState::Pending;
    job.submit_time = clock_.wall_seconds();
    job.token = request.token;
    if (auto saved = spool_->save_job(job); !saved) {
        return make_error("the scheduler cannot save the job: " + saved.message());
    }
    const std::string event =
        "submitted by " + caller.user + (job.state == JobState::Held ? " (held)" : "");
    (void)spool_->append_event({job.id, job.submit_time, event});
    log("job " + std::to_string(job.id) + " (" + job.spec.name + "): " + event);
    if (!job.token.empty()) tokens_[job.token] = job.id;
    planned.id = job.id;
    planned.submit_time = job.submit_time;
    requests_.emplace(job.id, std::move(planned));
    if (job.state == JobState::Pending) mark_dirty();
    jobs_.emplace(*id, std::move(job));
    return *id;
}

}  // namespace bramble::scheduler
