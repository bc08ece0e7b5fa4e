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
                [&](Job& job) { delete_one(caller, job, request.force, out); });
    after_commit([reply, out](bool committed) {
        if (committed) return reply(out);
        reply(wire::ErrorReply{"the deletion could not be saved in the scheduler's spool", true});
    });
}

void Scheduler::delete_one(const Caller& caller, Job& job, bool force, wire::DeleteReply& out) {
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
    if (job.state == JobState::Pending || job.state == JobState::Held ||
        job.state == JobState::Error) {
        if (!transition(job, JobEvent::Delete)) return;
        job.deleted = true;
        job.deleted_by = who;
        job.end_time = clock_.wall_seconds();
        save(job, "deleted by " + who);
        retire(job.id);
        mark_dirty();
        out.lines.push_back(who + " has deleted " + deleted);
        return;
    }
    if (job.state != JobState::Deleting) {
        if (!transition(job, JobEvent::Delete)) return;
        job.deleted = true;
        job.deleted_by = who;
        save(job, "registered for deletion by " + who);
    }
    send_kill(job, "deleted by " + who);
    const std::string master = job.allocation.empty() ? "" : job.allocation.grants.front().node;
    if (force || !node_is_up(master)) {
        job.exit.exit_status = 137;  // what a SIGKILL would leave, as Grid Engine records it
        job.exit.signal = 9;
        finish_now(job,
                   force ? "deleted by " + who + " with qdel -f"
                         : "deleted by " + who + " while node " + master + " was down",
                   force ? "deletion forced by " + who : "deleted by " + who + " (node down)");
        out.lines.push_back(who + " has deleted " + deleted);
        return;
    }
    out.lines.push_back(who + " has registered the " + registered + " for deletion");
}

void Scheduler::send_kill(const Job& job, const std::string& reason) {
    std::vector<std::string> nodes;
    for (const auto& grant : job.allocation.grants)
        nodes.push_back(grant.node);
    after_commit([this, nodes, id = job.id, reason](bool) {
        for (const auto& node : nodes) {
            if (node_is_up(node)) send_to_node(node, wire::KillJob{id, reason});
        }
    });
}

// Ends a job on a node without waiting for the node: the allocation is freed now, and the
// accounting says failed 100 and why, as Grid Engine's does for a job it lost.
void Scheduler::finish_now(Job& job, const std::string& failure, const std::string& event) {
    if (!transition(job, JobEvent::Finished)) return;
    const auto now = clock_.wall_seconds();
    job.end_time = now;
    job.exit.failed = 100;
    job.exit.failure = failure;
    job.exit.start_time = job.start_time;
    job.exit.end_time = now;
    job.exit.wall_seconds = static_cast<double>(now - job.start_time);
    if (!job.allocation.empty()) job.exit.host = job.allocation.grants.front().node;
    save(job, event);
    retire(job.id);
    mark_dirty();
}

}  // namespace bramble::scheduler
