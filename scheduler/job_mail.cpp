// Grid Engine's job mails (see job_mail.hpp).
#include "job_mail.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "jobscript/mail_options.hpp"
#include "model/task_id.hpp"

namespace bramble::scheduler {

namespace {

bool wants(const Job& job, char event) {
    return job.spec.mail_events.find(event) != std::string::npos;
}

// -M, else Grid Engine's default: the owner at the submit host. The submit host is what qsub
// said, so it goes into the To header only when it passes the checks -M addresses pass.
std::vector<std::string> recipients(const Job& job) {
    if (!job.spec.mail_list.empty()) return job.spec.mail_list;
    const std::string at_host = job.owner.user + "@" + job.spec.submit_host;
    if (!job.spec.submit_host.empty() && jobscript::check_mail_address(at_host)) return {at_host};
    return {job.owner.user};
}

std::string signal_name(int signal) {
    if (signal <= 0) return "";
    const char* name = sigabbrev_np(signal);
    return name != nullptr ? name : std::to_string(signal);
}

// The task number Grid Engine gives a job: its array task's, else 1.
std::string task_label(const Job& job) {
    return std::to_string(is_array_task(job.id) ? task_number(job.id) : 1);
}

// "Job 12 (name)" or "Job-array task 12.3 (name)".
std::string job_words(const Job& job) {
    if (is_array_task(job.id)) {
        return "Job-array task " + std::to_string(visible_job_id(job.id)) + "." +
               std::to_string(task_number(job.id)) + " (" + job.spec.name + ")";
    }
    return "Job " + std::to_string(visible_job_id(job.id)) + " (" + job.spec.name + ")";
}

// The node as qstat's queue column names it (all.q@pi01), in every mail about the job.
std::string master_host(const Job& job) {
    if (!job.allocation.empty()) return job.allocation.grants.front().node;
    return job.exit.host.empty() ? "unknown" : job.exit.host;
}

// hh:mm:ss, hours unbounded, as Grid Engine prints times of use.
std::string duration(double seconds) {
    const long total = seconds > 0 ? static_cast<long>(seconds) : 0;
    char text[80];
    (void)std::snprintf(text, sizeof text, "%2.2ld:%2.2ld:%2.2ld", total / 3600, total / 60 % 60,
                        total % 60);
    return text;
}

// 3.445M: bytes with three decimals and a binary unit, "NA" when unknown.
std::string memory(double bytes) {
    if (bytes <= 0) return "NA";
    const char* units = "KMGT";
    char unit = '\0';
    for (int i = 0; i < 4 && bytes >= 1024; ++i) {
        bytes /= 1024;
        unit = units[i];
    }
    char text[400];  // %.3f of a double up to 1e308
    if (unit == '\0') {
        (void)std::snprintf(text, sizeof text, "%.3f", bytes);
    } else {
        (void)std::snprintf(text, sizeof text, "%.3f%c", bytes, unit);
    }
    return text;
}

std::string line(const char* label, const std::string& value) {
    return std::string("\n ") + label + " = " + value;
}

Mail started_mail(const Job& job, const std::string& queue, const MailClock& clock) {
    Mail mail{recipients(job), job_words(job) + " Started", ""};
    mail.body = mail.subject + line("User      ", job.owner.user) + line("Queue     ", queue) +
                line("Host      ", master_host(job)) + line("Start Time", clock(job.start_time));
    return mail;
}

// The end mails name the queue instance (reaper_execd.c's JR_queue_name), the begin mail only
// the queue (exec_job.c's QU_qname): sge-reference mail-deleted-running-m-a.txt.
std::string queue_instance(const Job& job, const std::string& queue) {
    return queue + "@" + master_host(job);
}

Mail complete_mail(const Job& job, const std::string& queue, const MailClock& clock) {
    const ExitRecord& exit = job.exit;
    const double cpu = exit.user_seconds + exit.system_seconds;
    Mail mail{recipients(job), job_words(job) + " Complete", ""};
    mail.body = mail.subject + line("User            ", job.owner.user) +
                line("Queue           ", queue_instance(job, queue)) +
                line("Host            ", master_host(job)) +
                line("Start Time      ", clock(exit.start_time)) +
                line("End Time        ", clock(exit.end_time)) +
                line("User Time       ", duration(exit.user_seconds)) +
                line("System Time     ", duration(exit.system_seconds)) +
                line("Wallclock Time  ", duration(exit.wall_seconds)) +
                line("CPU             ", cpu > 0 ? duration(cpu) : "NA") +
                line("Max vmem        ", memory(static_cast<double>(exit.max_rss_kb) * 1024)) +
                line("Exit Status     ", std::to_string(exit.exit_status));
    return mail;
}

// Grid Engine's words for why a job failed (its sstate descriptions), for the ones bramble sets.
std::string failure_words(const Job& job) {
    if (job.deleted || job.exit.failed == 100) return "assumedly after job";
    if (job.exit.failed == 37) return "job limit exceeded";
    return "before job";
}

// Why it failed: a job a signal ended says so as the node's reaper does ("job 13.1 died through
// signal KILL (9)"), whatever else was recorded.
std::string failure_reason(const Job& job) {
    const ExitRecord& exit = job.exit;
    if (exit.signal > 0) {
        return "job " + std::to_string(visible_job_id(job.id)) + "." + task_label(job) +
               " died through signal " + signal_name(exit.signal) + " (" +
               std::to_string(exit.signal) + ")";
    }
    if (job.deleted && exit.failure.empty()) return "deleted by " + job.deleted_by;
    return exit.failure;
}

Mail aborted_mail(const Job& job, const std::string& queue, const MailClock& clock) {
    const ExitRecord& exit = job.exit;
    const double cpu = exit.user_seconds + exit.system_seconds;
    Mail mail{recipients(job), job_words(job) + " Aborted", ""};
    mail.body = mail.subject + line("Exit Status     ", std::to_string(exit.exit_status)) +
                line("Signal          ", signal_name(exit.signal)) +
                line("User            ", job.owner.user) +
                line("Queue           ", queue_instance(job, queue)) +
                line("Host            ", master_host(job)) +
                line("Start Time      ", exit.start_time > 0 ? clock(exit.start_time) : "-/-") +
                line("End Time        ", clock(exit.end_time > 0 ? exit.end_time : job.end_time)) +
                line("CPU             ", cpu > 0 ? duration(cpu) : "NA") +
                line("Max vmem        ", memory(static_cast<double>(exit.max_rss_kb) * 1024)) +
                "\nfailed " + failure_words(job) + " because:\n" + failure_reason(job);
    return mail;
}

// sge_job_qmaster.c's job_ja_task_send_abort_mail(); its job body has two blanks before "was".
Mail killed_mail(const Job& job, const std::string& requester) {
    Mail mail{recipients(job), job_words(job) + " Killed", ""};
    mail.body =
        job_words(job) + (is_array_task(job.id) ? " " : "  ") + "was killed by " + requester;
    return mail;
}

}  // namespace

std::string mail_time(std::int64_t seconds) {
    const auto time = static_cast<std::time_t>(seconds);
    std::tm tm{};
    if (localtime_r(&time, &tm) == nullptr) return "unknown";
    char text[80];  // room for any int the fields could hold, which -Wformat-truncation checks
    (void)std::snprintf(text, sizeof text, "%02d/%02d/%04d %02d:%02d:%02d", tm.tm_mon + 1,
                        tm.tm_mday, 1900 + tm.tm_year, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return text;
}

std::optional<Mail> job_mail(const Job& job, MailEvent event, const std::string& queue,
                             const MailClock& clock, const std::string& requester) {
    if (event == MailEvent::started) {
        if (!wants(job, 'b')) return std::nullopt;
        return started_mail(job, queue, clock);
    }
    if (event == MailEvent::killed) {
        if (!wants(job, 'a')) return std::nullopt;
        return killed_mail(job, requester);
    }
    const bool aborted = job.deleted || job.exit.failed != 0;
    if (aborted && (wants(job, 'a') || wants(job, 'e'))) return aborted_mail(job, queue, clock);
    if (!aborted && wants(job, 'e')) return complete_mail(job, queue, clock);
    return std::nullopt;
}

std::string sendmail_text(const Mail& mail) {
    std::string to;
    for (const auto& recipient : mail.recipients)
        to += (to.empty() ? "" : ", ") + recipient;
    return "To: " + to + "\nSubject: " + mail.subject + "\n\n" + mail.body + "\n";
}

}  // namespace bramble::scheduler
