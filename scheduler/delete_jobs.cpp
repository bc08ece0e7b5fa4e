// qdel: only a job's owner or a manager may delete it. A job that waits is gone at once; a job on a
// node is killed there and freed when the node reports its end (or at once with -f, or when its
// node is down). Every answer is a line as Grid Engine prints it, an array's waiting tasks one
// line per key; the reply follows the commit.
#include <string>
#include <vector>

#include "log.hpp"
#include "model/task_id.hpp"
#include "model/task_range.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

std::string name_of(const Caller& caller) {
    return caller.user.empty() ? std::to_string(caller.uid) : caller.user;
}

// The waiting tasks of one array that one key deleted at once. Grid Engine says so once per key
// and array: "has deleted job 42" when the key named the whole array, else the tasks ("task
// 42.3", "tasks 2-50:2 of job 42").
struct DeletedTasks {
    JobId array = 0;
    std::vector<int> tasks;
};

std::string deleted_line(const std::string& who, const DeletedTasks& deleted, bool whole) {
    const std::string array = std::to_string(deleted.array);
    if (whole) return who + " has deleted job " + array;
    if (deleted.tasks.size() == 1) {
        return who + " has deleted job-array task " + array + "." +
               std::to_string(deleted.tasks.front());
    }
    return who + " has deleted job-array tasks " + collected_range_list(deleted.tasks) +
           " of job " + array;
}

// A key that names tasks ("42.3", "42.2-50:2") rather than whole jobs (an id, a name, -u).
bool names_tasks(const std::string& key) {
    const auto ref = parse_job_ref(key);
    return (ref && ref->task > 0) || parse_task_range_ref(key).has_value();
}

}  // namespace

void Scheduler::delete_jobs(const Caller& caller, const wire::DeleteRequest& request,
                            const Reply& reply) {
    wire::DeleteReply out;
    const std::string who = name_of(caller);
    auto delete_named = [&](const std::vector<std::string>& keys, bool whole) {
        DeletedTasks deleted;
        auto say = [&] {
            if (!deleted.tasks.empty()) out.lines.push_back(deleted_line(who, deleted, whole));
            deleted.tasks.clear();
        };
        each_target(caller, keys, request.users, out, [&](const Job& job) {
            // Read before delete_one: `job` points into the turn, which recording changes.
            const JobId id = job.id;
            const JobId array = is_array_task(id) ? visible_job_id(id) : 0;
            if (array != deleted.array) {
                say();
                deleted = DeletedTasks{array, {}};
            }
            if (delete_one(caller, job, request.force, out) && array != 0) {
                deleted.tasks.push_back(task_number(id));
            }
        });
        say();
    };
    if (request.jobs.empty()) delete_named({}, true);
    for (const auto& key : request.jobs)
        delete_named({key}, !names_tasks(key));
    after_commit([reply, out](bool committed) {
        if (committed) return reply(out);
        reply(wire::ErrorReply{"the deletion could not be saved in the scheduler's spool", true});
    });
}

bool Scheduler::delete_one(const Caller& caller, const Job& job, bool force,
                           wire::DeleteReply& out) {
    const std::string who = name_of(caller);
    const bool task = is_array_task(job.id);
    const std::string id = job_id_text(job.id);
    const std::string registered = task ? "job-array task " + id : "job " + id;
    if (!may_change(caller, job, out)) return false;
    const Job before = job;  // `job` points into the turn, which recording changes
    if (before.state != JobState::Deleting) {
        auto applied = record(events::DeleteRequested{before.id, who, clock_.wall_seconds()});
        if (!applied) return false;
        if (applied->ended) {
            // A waiting task is said with the others of its array (delete_jobs).
            if (!task) out.lines.push_back(who + " has deleted job " + id);
            return true;
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
        out.lines.push_back(who + " has deleted " + registered);
        return false;
    }
    out.lines.push_back(who + " has registered the " + registered + " for deletion");
    return false;
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
