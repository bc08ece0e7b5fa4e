// Job mail is sent from committed state only (apply_committed): a start or end that a failed
// commit undid is never announced, and a restart, which replays without this, sends nothing twice.
#include "answer_words.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::mail_after(const events::Applied& applied) {
    const JobState before = applied.before;
    if (applied.ended) {
        const Job& job = *applied.ended;
        // A short job's end may come without its start's report: its begin mail is still due.
        if (before == JobState::Dispatched && !job.deleted) mail_about(job, MailEvent::started);
        // As in Grid Engine, a job deleted while it waited gets no mail (job_mail.hpp).
        const bool was_on_a_node = before == JobState::Dispatched || before == JobState::Running ||
                                   before == JobState::Deleting;
        if (was_on_a_node) mail_about(job, MailEvent::ended);
        return;
    }
    const Job* job = jobs_.find(applied.id);
    if (job == nullptr) return;
    if (before == JobState::Dispatched && applied.after == JobState::Running)
        mail_about(*job, MailEvent::started);
    if (before != JobState::Deleting && applied.after == JobState::Deleting)
        mail_about(*job, MailEvent::killed);
}

void Scheduler::mail_about(const Job& job, MailEvent event) {
    if (job.spec.mail_events.empty()) return;
    // Who deleted it, as Grid Engine names the requester; bramble's tools reach it on this host.
    const std::string requester = job.deleted_by + "@" + this_host();
    if (auto mail = job_mail(job, event, config_.queue, mail_time, requester)) mailer_.send(*mail);
}

}  // namespace bramble::scheduler
