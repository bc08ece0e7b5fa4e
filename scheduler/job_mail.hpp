// The mail Grid Engine sends about a job (qsub -m b/e/a, -M), as a message for `sendmail -t`:
// its subject and body in Grid Engine's words (execd's exec_job.c and reaper_execd.c, qmaster's
// sge_job_qmaster.c), so a user's mail filters keep working. Pure: the caller supplies the clock
// text and sends it. As in Grid Engine, a job deleted while it waited gets no mail at all
// (sge-reference mail-deleted-pending.txt): the caller asks only for jobs that were on a node.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/job.hpp"

namespace bramble::scheduler {

// killed: qdel of a job on a node, as the deletion is recorded (Grid Engine's qmaster sends it
// with -m a, besides the node's "Aborted" at the end).
enum class MailEvent { started, ended, killed };

struct Mail {
    std::vector<std::string> recipients;
    std::string subject;  // "Job 12 (name) Complete"
    std::string body;
};

// Local time of epoch seconds, as Grid Engine's mails print it ("12/07/2026 08:52:01").
using MailClock = std::function<std::string(std::int64_t)>;
std::string mail_time(std::int64_t seconds);

// The mail `job` asked for at this event, or none: begin mail with -m b; at the end "Complete"
// with -m e when it ran to its end, "Aborted" with -m a or e when it failed or was deleted;
// "Killed" with -m a when it is deleted (`requester`, "alice@head", says by whom).
std::optional<Mail> job_mail(const Job& job, MailEvent event, const std::string& queue,
                             const MailClock& clock, const std::string& requester = "");

// The message sendmail -t reads: To and Subject headers, a blank line, the body.
std::string sendmail_text(const Mail& mail);

}  // namespace bramble::scheduler
