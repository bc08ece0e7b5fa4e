// qmod -cj, -c and -cq: a job in error (Eqw: it exited 100, or no node could set it up) waits
// again, and a queue instance in error (a node resting after failing a job for reasons of its own)
// takes jobs again at once. A job's owner or a manager may clear a job, only a manager a queue
// instance; the answers are Grid Engine's, one line per job or instance.
#include <string>

#include "answer_words.hpp"
#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

// "job 42" or "job-array task 42.3"; `capital` to start an answer with it.
std::string job_words(const Job& job, bool capital = false) {
    const std::string first = capital ? "Job" : "job";
    return first + (is_array_task(job.id) ? "-array task " : " ") + job_id_text(job.id);
}

}  // namespace

void Scheduler::modify(const Caller& caller, const wire::ModifyRequest& request,
                       const Reply& reply) {
    wire::DeleteReply out;
    for (const auto& target : request.targets) {
        if (request.action == "clear_jobs") {
            clear_jobs_named(caller, target, out);
        } else if (request.action == "disable" || request.action == "enable") {
            if (!set_queues_enabled(caller, target, request.action == "enable", out)) {
                out.lines.push_back("invalid queue \"" + target + "\"");
                out.failed = true;
            }
        } else if (!clear_queues_named(caller, target, out) &&
                   (request.action == "clear_queues" || !clear_job_ids(caller, target, out))) {
            out.lines.push_back("invalid queue \"" + target + "\"");
            out.failed = true;
        }
    }
    after_commit([reply, out](bool committed) {
        if (committed) return reply(out);
        reply(wire::ErrorReply{"the change could not be saved in the scheduler's spool", true});
    });
}

// -cj: ids ("42", "42.3") and names, as qdel takes them.
void Scheduler::clear_jobs_named(const Caller& caller, const std::string& key,
                                 wire::DeleteReply& out) {
    const auto targets = select(caller, key, {});
    if (targets.empty()) {
        out.lines.push_back("invalid queue or job \"" + key + "\"");
        out.failed = true;
    }
    for (const JobId id : targets) {
        if (const Job* job = turn_.job(id)) clear_job_error(caller, *job, out);
    }
}

// -c falls back to jobs, by id only (Grid Engine's qmod -c 42).
bool Scheduler::clear_job_ids(const Caller& caller, const std::string& key,
                              wire::DeleteReply& out) {
    const auto ref = parse_job_ref(key);
    if (!ref) return false;
    const auto targets = active_ids(*ref);
    for (const JobId id : targets) {
        if (const Job* job = turn_.job(id)) clear_job_error(caller, *job, out);
    }
    return !targets.empty();
}

void Scheduler::clear_job_error(const Caller& caller, const Job& job, wire::DeleteReply& out) {
    if (job.owner.uid != caller.uid && !is_manager(caller)) {
        out.lines.push_back(caller_name(caller) + " - you have no permission to modify job \"" +
                            job_id_text(job.id) + "\"");
        out.failed = true;
        return;
    }
    if (job.state != JobState::Error) {
        out.lines.push_back(job_words(job, true) + " is not in error state");
        return;
    }
    const std::string cleared = job_words(job);
    if (!record(events::ErrorCleared{job.id, caller_name(caller)})) return;
    out.lines.push_back(caller_name(caller) + "@" + this_host() + " cleared error state of " +
                        cleared);
}

// -c and -cq: every instance the pattern names; false when it names none.
bool Scheduler::clear_queues_named(const Caller& caller, const std::string& pattern,
                                   wire::DeleteReply& out) {
    return each_managed_instance(
        caller, pattern, out,
        [&](const std::string& name, NodeRecord& node, const std::string& instance) {
            if (node.error.empty()) {
                out.lines.push_back("Queue instance " + instance +
                                    " is already in the specified state: no error");
                return true;
            }
            log("node " + name + " takes jobs again: its error state was cleared by " +
                caller_name(caller) + " (it was: " + node.error + ")");
            node.error.clear();
            node.error_until_ms = 0;
            mark_dirty();
            out.lines.push_back(caller_name(caller) + "@" + this_host() + " changed state of " +
                                instance + " (no error)");
            return true;
        });
}

}  // namespace bramble::scheduler
