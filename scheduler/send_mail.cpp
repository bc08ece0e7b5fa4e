// Job mail is sent from committed state only (apply_committed): a start or end that a failed
// commit undid is never announced, and a restart, which replays without this, sends nothing twice.
#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::mail_about(const Job& job, MailEvent event) {
    if (job.spec.mail_events.empty()) return;
    if (auto mail = job_mail(job, event, config_.queue, mail_time)) mailer_.send(*mail);
}

}  // namespace bramble::scheduler
