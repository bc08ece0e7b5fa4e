#include "exit_stat.hpp"

#include <cstdio>
#include <cstring>

namespace bramble::drmaa {
namespace {

// stat's layout: one flag bit per way of ending, the exit code or signal in the low byte.
constexpr int kExited = 1 << 16;
constexpr int kSignaled = 1 << 17;
constexpr int kAborted = 1 << 18;

std::string entry(const char* name, double value) {
    char text[128];
    (void)std::snprintf(text, sizeof text, "%s=%.4f", name, value);
    return text;
}

}  // namespace

bool never_ran(const wire::AccountingRecord& record) {
    return record.failed > 0 && record.failed < 37;
}

ExitParts exit_parts(const wire::AccountingRecord* record) {
    ExitParts parts;
    if (record == nullptr || never_ran(*record)) {
        parts.aborted = true;
    } else if (record->signal != 0) {
        parts.signaled = true;
        parts.signal = record->signal;
    } else {
        parts.exited = true;
        parts.exit_status = record->exit_status;
    }
    return parts;
}

int encode_stat(const ExitParts& parts) {
    if (parts.aborted) return kAborted;
    if (parts.signaled) return kSignaled | (parts.signal & 0xff);
    return kExited | (parts.exit_status & 0xff);
}

ExitParts decode_stat(int stat) {
    ExitParts parts;
    parts.aborted = (stat & kAborted) != 0;
    parts.signaled = (stat & kSignaled) != 0;
    parts.exited = (stat & kExited) != 0;
    if (parts.signaled) parts.signal = stat & 0xff;
    if (parts.exited) parts.exit_status = stat & 0xff;
    return parts;
}

std::string signal_name(int signal) {
    const char* abbrev = ::sigabbrev_np(signal);
    return abbrev != nullptr ? std::string("SIG") + abbrev : std::to_string(signal);
}

std::vector<std::string> rusage_entries(const wire::AccountingRecord& r) {
    const auto count = [](std::int64_t n) { return static_cast<double>(n); };
    return {entry("exit_status", r.exit_status),
            entry("signal", r.signal),
            entry("submission_time", count(r.submit_time)),
            entry("start_time", count(r.start_time)),
            entry("end_time", count(r.end_time)),
            entry("wallclock", r.wall_seconds),
            entry("ru_wallclock", r.wall_seconds),
            entry("cpu", r.user_seconds + r.system_seconds),
            entry("ru_utime", r.user_seconds),
            entry("ru_stime", r.system_seconds),
            entry("maxvmem", count(r.max_rss_kb) * 1024),
            entry("ru_maxrss", count(r.max_rss_kb)),
            entry("ru_minflt", count(r.minor_faults)),
            entry("ru_majflt", count(r.major_faults)),
            entry("ru_inblock", count(r.blocks_in)),
            entry("ru_oublock", count(r.blocks_out)),
            entry("ru_nvcsw", count(r.voluntary_switches)),
            entry("ru_nivcsw", count(r.involuntary_switches)),
            entry("slots", r.slots),
            entry("priority", r.priority)};
}

}  // namespace bramble::drmaa
