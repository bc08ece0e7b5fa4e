// qhold and qrls: a held job (hqw) is never planned until released. A job already on a node keeps
// running; as in Grid Engine its hold is recorded and takes effect if it is requeued.
#include <string>

#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::hold_jobs(const Caller& caller, const wire::HoldRequest& request,
                          const Reply& reply) {
    wire::DeleteReply out;
    each_target(caller, request.jobs, request.users, out,
                [&](const Job& job) { hold_one(caller, job, request.hold, out); });
    after_commit([reply, out](bool committed) {
        if (committed) return reply(out);
        reply(wire::ErrorReply{"the change could not be saved in the scheduler's spool", true});
    });
}

void Scheduler::hold_one(const Caller& caller, const Job& job, bool hold, wire::DeleteReply& out) {
    if (!may_change(caller, job, out)) return;
    const std::string id = job_id_text(job.id);
    const std::string who = caller.user.empty() ? std::to_string(caller.uid) : caller.user;
    const JobState wanted = hold ? JobState::Held : JobState::Pending;
    const bool on_a_node = job.state == JobState::Dispatched || job.state == JobState::Running;
    if (on_a_node && job.spec.hold != hold) {
        // As in Grid Engine: a hold on a running job is kept and matters if it is requeued.
        JobSpec spec = job.spec;
        spec.hold = hold;
        if (!record_running_change(caller, job, std::move(spec), "hold")) return;
    } else if (!on_a_node && job.state != wanted) {
        const JobEvent input = hold ? JobEvent::Hold : JobEvent::Release;
        if (!apply(job.state, input)) {
            out.lines.push_back("job " + id + " is " + std::string(to_string(job.state)) +
                                "; only a waiting job can be " + (hold ? "held" : "released"));
            out.failed = true;
            return;
        }
        const events::Event event =
            hold ? events::Event{events::Held{job.id, who, ""}} : events::Released{job.id, who};
        if (!record(event)) return;
    }
    out.lines.push_back("modified hold of job " + id);
}

}  // namespace bramble::scheduler
