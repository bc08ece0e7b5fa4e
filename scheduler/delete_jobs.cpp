// qdel: only a job's owner or a manager may delete it. A job that waits is gone at once; a job on a
// node is killed there and freed when the node reports its end (or at once with -f, or when its
// node is down). Every answer is a line as Grid Engine prints it; the reply follows the commit.
#include <string>

#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

std::string name_of(const Caller& caller) {
    return caller.user.empty() ? std::to_string(caller.uid) : caller.user;
}

}  // namespace

void Scheduler::delete_jobs(const Caller& caller, const wire::DeleteRequest& request,
                            const Reply& reply) {
    wire::DeleteReply out;
    each_target(caller, request.jobs, request.users, out,
                [&](const Job& job) { delete_one(caller, job, request.force, out); });
    after_commit([reply, out](bool committed) {
        if (committed) return reply(out);
        reply(wire::ErrorReply{"the deletion could not be saved in the scheduler's spool", true});
    });
}

void Scheduler::delete_one(const Caller& caller, const Job& job, bool force,
                           wire::DeleteReply& out) {
    const std::string who = name_of(caller);
    const std::string id = job_id_text(job.id);
    // Grid Engine's words for a task: "has deleted job-array tasks 3-3:1 of job 42".
    const std::string deleted = is_array_task(job.id)
                                    ? "job-array tasks " + std::to_string(task_number(job.id)) +
                                          "-" + std::to_string(task_number(job.id)) + ":1 of job " +
                                          std::to_string(visible_job_id(job.id))
                                    : "job " + id;
    const std::string registered = is_array_task(job.id) ? "job-array task " + id : "job " + id;
    if (!may_change(caller, job, out)) return;
    const Job before = job;  // `job` points into the turn, which recording changes
    if (before.state != JobState::Deleting) {
        auto applied = record(events::DeleteRequested{before.id, who, clock_.wall_seconds()});
        if (!applied) return;
        if (applied->ended) {
            out.lines.push_back(who + " has deleted " + deleted);
            return;
        }
    }
    send_kill(before, "deleted by " + who);
    const std::string master =
        before.allocation.empty() ? "" : before.allocation.grants.front().node;
    if (force || !nodes_.is_up(master)) {
        // What a SIGKILL would leave, as Grid Engine records it.
        finish_now(before,
                   force ? "deleted by " + who + " with qdel -f"
                         : "deleted by " + who + " while node " + master + " was down",
                   137, 9);
        out.lines.push_back(who + " has deleted " + deleted);
        return;
    }
    out.lines.push_back(who + " has registered the " + registered + " for deletion");
}

void Scheduler::send_kill(const Job& job, const std::string& reason) {
    std::vector<std::string> nodes;
    for (const auto& grant : job.allocation.grants)
        nodes.push_back(grant.node);
    after_commit([this, nodes, id = job.id, reason](bool committed) {
        if (!committed) return;
        for (const auto& node : nodes) {
            if (nodes_.is_up(node)) nodes_.send(node, wire::KillJob{id, reason});
        }
    });
}

void Scheduler::finish_now(const Job& job, const std::string& failure, int exit_status,
                           int signal) {
    const auto now = clock_.wall_seconds();
    ExitRecord exit;
    exit.exit_status = exit_status;
    exit.signal = signal;
    exit.failed = 100;
    exit.failure = failure;
    exit.start_time = job.start_time;
    exit.end_time = now;
    exit.wall_seconds = static_cast<double>(now - job.start_time);
    if (!job.allocation.empty()) exit.host = job.allocation.grants.front().node;
    (void)record(events::Finished{job.id, exit, now});
}

}  // namespace bramble::scheduler
