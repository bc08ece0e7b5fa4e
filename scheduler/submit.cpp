// qsub's request: check the job against the cluster, assign its id, save it, and answer only once
// the turn's transaction (shared by every submission of the turn) has committed.
#include <string>

#include "jobscript/spec_check.hpp"
#include "log.hpp"
#include "requests.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::submit(const Caller& caller, wire::SubmitRequest request, Reply reply) {
    auto planned = check_submission(caller, request.spec);
    if (!planned) {
        log("submission from uid " + std::to_string(caller.uid) + " refused: " + planned.message());
        reply(wire::ErrorReply{planned.message()});
        return;
    }
    const std::string name = request.spec.name;
    const bool immediate = request.spec.immediate;  // admit() takes the spec
    if (!request.token.empty()) {
        std::optional<JobId> known;
        if (auto active = jobs_.token(request.token)) {
            known = *active;
        } else if (auto staged = turn_.token(request.token)) {
            known = *staged;
        } else if (auto stored = spool_->find_token(request.token); stored && stored->has_value()) {
            known = **stored;
        }
        if (known) {
            const JobId shown = visible_job_id(*known);
            log("job " + std::to_string(shown) + ": submission repeated with the same token");
            after_commit([this, reply, shown, name, immediate](bool) {
                if (immediate) return await_immediate(shown, name, reply);
                reply(wire::SubmitReply{shown, name});
            });
            return;
        }
    }
    if (auto room = check_queued_cap(caller, jobscript::task_count(request.spec)); !room) {
        log("submission from " + caller.user + " refused: " + room.message());
        reply(wire::ErrorReply{room.message()});
        return;
    }
    auto id = admit(caller, request, std::move(*planned));
    if (!id && !turn_.broken()) {
        reply(wire::ErrorReply{id.message()});
        return;
    }
    // A turn that cannot be saved answers when it ends, as any other refusal to save does.
    after_commit([this, reply, id = id ? *id : JobId{0}, name, immediate](bool committed) {
        if (committed && id != 0 && immediate) return await_immediate(id, name, reply);
        if (committed && id != 0) return reply(wire::SubmitReply{id, name});
        reply(wire::ErrorReply{
            "the job could not be saved in the scheduler's spool and was not queued", true});
    });
}

Result<policy::PendingJob> Scheduler::check_submission(const Caller& caller,
                                                       const JobSpec& spec) const {
    if (caller.user.empty()) {
        return make_error("uid " + std::to_string(caller.uid) +
                          " has no entry in the head node's user database; a job needs a user "
                          "to run as");
    }
    if (spec.priority > 0 && !is_manager(caller)) {
        return make_error("-p " + std::to_string(spec.priority) +
                          ": only managers may raise a job's priority above 0; users may lower "
                          "theirs (-1023..0)");
    }
    auto request = resolve_request(spec, config_);
    if (!request) return request.error();
    request->user = caller.user;
    // Could it ever run if every node that has registered were up and empty? With no node yet
    // there is nothing to judge by.
    const auto empty_nodes = empty_node_views(config_, nodes_);
    if (empty_nodes.empty()) return request;
    if (auto ever = policy::could_ever_run(*request, empty_nodes); !ever) return ever.error();
    return request;
}

// max_queued_per_user: every active job and array task counts, running ones too, since each costs
// the scheduler memory and spool alike. Managers and root are held to it as well: the cap guards
// the daemon, and a runaway loop of root's exhausts it just the same.
Status Scheduler::check_queued_cap(const Caller& caller, int adding) const {
    const int cap = config_.max_queued_per_user;
    if (cap <= 0) return ok_status();
    const int queued = jobs_.owned_by(caller.uid);
    if (queued + adding <= cap) return ok_status();
    const std::string cap_text = std::to_string(cap);
    if (queued >= cap) {
        return make_error("user " + caller.user + " already has " + std::to_string(queued) +
                          " jobs and tasks queued (max_queued_per_user: " + cap_text + ")");
    }
    return make_error("user " + caller.user + " has " + std::to_string(queued) +
                      " jobs and tasks queued and this submission adds " + std::to_string(adding) +
                      ", more than max_queued_per_user (" + cap_text + ") allows");
}

Result<JobId> Scheduler::admit(const Caller& caller, wire::SubmitRequest& request,
                               policy::PendingJob planned) {
    auto waiting = resolve_dependencies(caller, request.spec);
    if (!waiting) return waiting.error();
    auto by_task = resolve_task_dependencies(caller, request.spec);
    if (!by_task) return by_task.error();
    auto id = turn_.next_job_id();
    if (!id) return make_error("the scheduler cannot assign a job id: " + id.message());
    Job job;
    job.spec = std::move(request.spec);
    job.owner = Owner{caller.uid, caller.gid, caller.user, caller.group};
    job.state = job.spec.hold ? JobState::Held : JobState::Pending;
    job.submit_time = clock_.wall_seconds();
    job.waiting_for = std::move(waiting->all);
    job.after_ok = std::move(waiting->ended_well);
    log("job " + std::to_string(*id) + " (" + job.spec.name + "): submitted by " + caller.user +
        (job.state == JobState::Held ? " (held)" : ""));
    const bool array = job.spec.task_first > 0;
    if (array && by_task->empty()) return admit_array(std::move(job), *id, request, planned);
    // An array job's tasks are jobs of their own (see model/task_id.hpp); one with -hold_jid_ad
    // is recorded task by task, since each task waits for its own predecessors. The token goes
    // with the first, so a repeated submission finds the array. A write that fails part-way fails
    // the turn, so an array is queued whole or not at all.
    for (int task = array ? job.spec.task_first : 0; task <= (array ? job.spec.task_last : 0);
         task += array ? job.spec.task_step : 1) {
        Job part = job;
        part.id = array ? task_job_id(*id, task) : *id;
        if (task == (array ? job.spec.task_first : 0)) part.token = request.token;
        append_task_waits(part.waiting_for, *by_task, task);
        policy::PendingJob resolved = planned;
        resolved.id = part.id;
        resolved.submit_time = part.submit_time;
        const JobId part_id = part.id;
        if (auto queued = record(events::Submitted{std::move(part)}); !queued) {
            return make_error("the scheduler cannot save the job: " + queued.message());
        }
        turn_.resolve(part_id, std::move(resolved));
    }
    return *id;
}

// An array without -hold_jid_ad: one Submitted event and one spool row for all its tasks, which
// become jobs of their own when it is applied (events::array_task).
Result<JobId> Scheduler::admit_array(Job array, JobId id, wire::SubmitRequest& request,
                                     const policy::PendingJob& planned) {
    array.id = id;
    array.token = request.token;
    const std::int64_t submitted_at = array.submit_time;
    auto queued = record(events::Submitted{std::move(array)});
    if (!queued) return make_error("the scheduler cannot save the job: " + queued.message());
    for (const JobId task : queued->submitted) {
        policy::PendingJob resolved = planned;
        resolved.id = task;
        resolved.submit_time = submitted_at;
        turn_.resolve(task, std::move(resolved));
    }
    return id;
}

}  // namespace bramble::scheduler
