// Summaries of a simulation and their text.
#include "report.hpp"

#include <algorithm>
#include <cstdio>

namespace bramble::sim {

std::map<std::string, double> usage_between(const SimResult& result, std::int64_t from,
                                            std::int64_t to) {
    std::map<std::string, double> used;
    for (const JobOutcome& job : result.jobs) {
        if (job.start < 0) continue;
        const std::int64_t begin = std::max(job.start, from);
        const std::int64_t end = std::min(job.end, to);
        if (end > begin) used[job.user] += static_cast<double>(job.slots) * (end - begin);
    }
    return used;
}

Summary summarise(const SimResult& result, int wide_slots, std::int64_t from, std::int64_t to) {
    Summary summary;
    summary.from = from;
    summary.to = to;
    if (to < 0) {
        for (const JobOutcome& job : result.jobs)
            summary.to = std::max(summary.to, job.end);
    }
    double waits = 0;
    for (const JobOutcome& job : result.jobs) {
        UserSummary& user = summary.users[job.user];
        if (job.start < 0) {
            ++summary.never_started;
            continue;
        }
        const std::int64_t wait = job.start - job.submit;
        ++summary.started;
        ++user.jobs;
        waits += static_cast<double>(wait);
        user.mean_wait += static_cast<double>(wait);
        user.max_wait = std::max(user.max_wait, wait);
        summary.max_wait = std::max(summary.max_wait, wait);
        if (job.slots >= wide_slots) summary.max_wide_wait = std::max(summary.max_wide_wait, wait);
        if (job.first_reservation >= 0 && job.start > job.first_reservation) {
            ++summary.late_reservations;
        }
    }
    if (summary.started > 0) summary.mean_wait = waits / summary.started;
    const auto used = usage_between(result, summary.from, summary.to);
    double total = 0;
    for (const auto& [name, slot_seconds] : used)
        total += slot_seconds;
    for (auto& [name, user] : summary.users) {
        if (user.jobs > 0) user.mean_wait /= user.jobs;
        const auto found = used.find(name);
        user.share = total > 0 && found != used.end() ? found->second / total : 0;
    }
    const double capacity = static_cast<double>(result.slots) * (summary.to - summary.from);
    summary.utilisation = capacity > 0 ? total / capacity : 0;
    return summary;
}

std::string format_summary(const Summary& summary, const SimResult& result) {
    std::string text;
    char line[256];
    std::snprintf(line, sizeof line,
                  "window %lld..%lld s, %d slots, %d passes\nutilisation %.3f\n"
                  "jobs started %d, never started %d\nwait mean %.0f s, max %lld s; wide jobs "
                  "max %lld s\nreservations broken %d\n",
                  static_cast<long long>(summary.from), static_cast<long long>(summary.to),
                  result.slots, result.passes, summary.utilisation, summary.started,
                  summary.never_started, summary.mean_wait,
                  static_cast<long long>(summary.max_wait),
                  static_cast<long long>(summary.max_wide_wait), summary.late_reservations);
    text += line;
    text += "user        jobs  share  wait mean  wait max\n";
    for (const auto& [name, user] : summary.users) {
        std::snprintf(line, sizeof line, "%-10s %5d  %5.3f  %7.0f s  %6lld s\n", name.c_str(),
                      user.jobs, user.share, user.mean_wait, static_cast<long long>(user.max_wait));
        text += line;
    }
    return text;
}

}  // namespace bramble::sim
