// qsub's request: check the job against the cluster, assign its id, save it, and answer only once
// the turn's transaction (shared by every submission of the turn) has committed.
#include <string>

#include "log.hpp"
#include "requests.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

// Grid Engine's default max_aj_tasks: one submission queues at most this many tasks.
constexpr int kMaxTasksPerArray = 75000;

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
            const JobId shown = visible_job_id(*known);
            log("job " + std::to_string(shown) + ": submission repeated with the same token");
            after_commit([reply, shown, name](bool) { reply(wire::SubmitReply{shown, name}); });
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
        for (const JobId part : active_ids({id, 0}))
            retire(part);
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
    if (spec.task_first > 0) {
        if (spec.task_last > kMaxTaskNumber || spec.task_step < 1) {
            return make_error("-t " + std::to_string(spec.task_first) + "-" +
                              std::to_string(spec.task_last) + ":" +
                              std::to_string(spec.task_step) + ": task numbers go up to " +
                              std::to_string(kMaxTaskNumber));
        }
        const int tasks = (spec.task_last - spec.task_first) / spec.task_step + 1;
        if (tasks > kMaxTasksPerArray) {
            return make_error("-t: " + std::to_string(tasks) + " tasks; an array job may have " +
                              "at most " + std::to_string(kMaxTasksPerArray) +
                              " (Grid Engine's max_aj_tasks)");
        }
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
    auto waiting = resolve_dependencies(caller, request.spec);
    if (!waiting) return waiting.error();
    auto by_task = resolve_task_dependencies(caller, request.spec);
    if (!by_task) return by_task.error();
    if (!open_turn()) {
        return make_error("the scheduler cannot write its spool; the job was not queued");
    }
    auto id = spool_->next_job_id();
    if (!id) return make_error("the scheduler cannot assign a job id: " + id.message());
    Job job;
    job.spec = std::move(request.spec);
    job.owner = Owner{caller.uid, caller.gid, caller.user, caller.group};
    job.state = job.spec.hold ? JobState::Held : JobState::Pending;
    job.submit_time = clock_.wall_seconds();
    job.waiting_for = std::move(*waiting);
    const std::string event =
        "submitted by " + caller.user + (job.state == JobState::Held ? " (held)" : "");
    log("job " + std::to_string(*id) + " (" + job.spec.name + "): " + event);
    // An array job's tasks are jobs of their own (see model/task_id.hpp); the token goes with the
    // first, so a repeated submission finds the array.
    const bool array = job.spec.task_first > 0;
    for (int task = array ? job.spec.task_first : 0; task <= (array ? job.spec.task_last : 0);
         task += array ? job.spec.task_step : 1) {
        Job part = job;
        part.id = array ? task_job_id(*id, task) : *id;
        if (task == (array ? job.spec.task_first : 0)) part.token = request.token;
        for (const JobId other : *by_task) {
            if (jobs_.contains(task_job_id(other, task))) {
                part.waiting_for.push_back(task_job_id(other, task));
            }
        }
        if (auto queued = queue(std::move(part), planned, event); !queued) return queued.error();
    }
    if (job.state == JobState::Pending) mark_dirty();
    return *id;
}

// One job (or array task) into the spool and the queue. A write that fails part-way through an
// array leaves the tasks before it queued (the spool has no savepoints yet); the client is told.
Status Scheduler::queue(Job job, policy::PendingJob planned, const std::string& event) {
    if (auto saved = spool_->save_job(job); !saved) {
        return make_error("the scheduler cannot save the job: " + saved.message());
    }
    (void)spool_->append_event({job.id, job.submit_time, event});
    if (!job.token.empty()) tokens_[job.token] = job.id;
    planned.id = job.id;
    planned.submit_time = job.submit_time;
    requests_.emplace(job.id, std::move(planned));
    auto [placed, added] = jobs_.emplace(job.id, std::move(job));
    track_dependencies(placed->second);
    return ok_status();
}

}  // namespace bramble::scheduler
