// qacct's layouts. The printf formats are Grid Engine 8.1.9's (qacct.c showjob, the summary loop),
// so that scripts reading `exit_status  N` or the table's columns find them where they look.
#include "format_accounting.hpp"

#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

#include "text.hpp"

namespace bramble::qstat {
namespace {

// Grid Engine's double_print_memory_to_string: 1024-based units with three decimals, then "B".
std::string memory_text(double value) {
    constexpr double kKilo = 1024;
    const char* units = "KMGT";
    double scaled = value;
    int unit = -1;
    while (unit < 3 && std::fabs(scaled) >= kKilo) {
        scaled /= kKilo;
        ++unit;
    }
    if (unit < 0) return strprintf("%.3fB", std::fabs(value));
    return strprintf("%.3f%cB", scaled, units[unit]);
}

std::string line(const char* key, const std::string& value) {
    return strprintf("%-13.12s%-20s\n", key, value.c_str());
}

std::string number_line(const char* key, std::uint64_t value) {
    return strprintf("%-13.12s%-20llu\n", key, static_cast<unsigned long long>(value));
}

std::string time_line(const char* key, std::int64_t epoch, CalendarFn calendar) {
    if (epoch == 0) return strprintf("%-13.12s-/-\n", key);
    return strprintf("%-13.12s%s\n", key, ctime_text(calendar(epoch)).c_str());
}

std::string exit_line(int exit_status) {
    std::string text =
        strprintf("%-13.12s%-20u", "exit_status", static_cast<unsigned>(exit_status));
    if (exit_status > 127) text += strprintf(" (%s)", ::strsignal(exit_status - 128));
    return text + "\n";
}

std::string usage_lines(const wire::AccountingRecord& r) {
    std::string text;
    text += strprintf("%-13.12s%.0fs\n", "ru_wallclock", std::floor(r.wall_seconds));
    text += strprintf("%-13.12s%.3fs\n", "ru_utime", r.user_seconds);
    text += strprintf("%-13.12s%.3fs\n", "ru_stime", r.system_seconds);
    // Grid Engine prints the kilobytes of ru_maxrss as if they were bytes: "4.652KB" for 4764.
    text += strprintf("%-13.12s%s\n", "ru_maxrss",
                      memory_text(static_cast<double>(r.max_rss_kb)).c_str());
    for (const char* key : {"ru_ixrss", "ru_ismrss", "ru_idrss", "ru_isrss"})
        text += strprintf("%-13.12s%s\n", key, memory_text(0).c_str());
    const std::pair<const char*, std::int64_t> counts[] = {{"ru_minflt", r.minor_faults},
                                                           {"ru_majflt", r.major_faults},
                                                           {"ru_nswap", 0},
                                                           {"ru_inblock", r.blocks_in},
                                                           {"ru_oublock", r.blocks_out},
                                                           {"ru_msgsnd", 0},
                                                           {"ru_msgrcv", 0},
                                                           {"ru_nsignals", 0},
                                                           {"ru_nvcsw", r.voluntary_switches},
                                                           {"ru_nivcsw", r.involuntary_switches}};
    for (const auto& [key, value] : counts)
        text += number_line(key, static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)));
    text += strprintf("%-13.12s%.3fs\n", "cpu", r.user_seconds + r.system_seconds);
    text += strprintf("%-13.12s%ss\n", "mem", memory_text(0).c_str());
    text += strprintf("%-13.12s%s\n", "io", memory_text(0).c_str());
    text += strprintf("%-13.12s%.3fs\n", "iow", 0.0);
    text += strprintf("%-13.12s%s\n", "maxvmem", memory_text(0).c_str());
    return text;
}

struct Sums {
    double wall = 0;
    double user = 0;
    double system = 0;
};

// print_full: the text, then blanks up to the column's width.
std::string padded(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string sums_row(const Sums& sums) {
    return strprintf("%13.0f %13.3f %13.3f %13.3f %18.3f %18.3f %18.3f\n", sums.wall, sums.user,
                     sums.system, sums.user + sums.system, 0.0, 0.0, 0.0);
}

}  // namespace

std::string failure_description(int failed) {
    static const std::map<int, const char*> kDescriptions = {
        {0, ""},
        {1, "assumedly before job"},
        {7, "before prolog"},
        {8, "in prolog"},
        {9, "before pestart"},
        {10, "in pestart"},
        {11, "before job"},
        {12, "before pestop"},
        {13, "in pestop"},
        {14, "before epilog"},
        {15, "in epilog"},
        {25, "rescheduling"},
        {26, "opening input/output file"},
        {27, "searching requested shell"},
        {28, "changing into working directory"},
        {37, "qmaster enforced h_rt, h_cpu, or h_vmem limit"},
        {38, "adding supplementary group"},
        {100, "assumedly after job"}};
    const auto found = kDescriptions.find(failed);
    return found == kDescriptions.end() ? "invalid execution state" : found->second;
}

std::string format_accounting_block(const wire::AccountingRecord& r, CalendarFn calendar) {
    std::string text(62, '=');
    text += "\n";
    text += line("qname", r.queue);
    text += line("hostname", r.host);
    text += line("group", r.group);
    text += line("owner", r.owner);
    text += line("project", r.project);
    text += line("department", "defaultdepartment");
    text += line("jobname", r.name);
    text += number_line("jobnumber", r.job);
    text += r.task > 0 ? number_line("taskid", static_cast<std::uint64_t>(r.task))
                       : strprintf("%-13.12s%s\n", "taskid", "undefined");
    text += line("account", r.account);
    text += number_line("priority", static_cast<std::uint32_t>(r.priority));
    text += time_line("qsub_time", r.submit_time, calendar);
    text += time_line("start_time", r.start_time, calendar);
    text += time_line("end_time", r.end_time, calendar);
    text += line("granted_pe", r.pe);
    text += number_line("slots", static_cast<std::uint64_t>(r.slots));
    text += strprintf("%-13.12s%-3u %s %s\n", "failed", static_cast<unsigned>(r.failed),
                      r.failed != 0 ? ":" : "", failure_description(r.failed).c_str());
    text += exit_line(r.exit_status);
    text += usage_lines(r);
    text += strprintf("%-13.12s%s\n", "arid", "undefined");
    text += strprintf("%-13.12s%s\n", "ar_sub_time", "undefined");
    text += strprintf("%-13.12s%s\n", "category", r.category.c_str());
    return text;
}

std::string format_usage(const std::vector<wire::AccountingRecord>& records,
                         const UsageColumns& columns) {
    // Rows keyed by (host, owner) as far as they are grouped by, in Grid Engine's sorted order.
    std::map<std::pair<std::string, std::string>, Sums> rows;
    Sums total;
    std::size_t host_width = std::strlen("HOST") + 1;
    std::size_t owner_width = std::strlen("OWNER") + 1;
    for (const auto& r : records) {
        const std::string host =
            !columns.host ? "" : (columns.host_name.empty() ? r.host : columns.host_name);
        const std::string owner =
            !columns.owner ? "" : (columns.owner_name.empty() ? r.owner : columns.owner_name);
        host_width = std::max(host_width, host.size() + 1);
        owner_width = std::max(owner_width, owner.size() + 1);
        for (Sums* sums : {&rows[{host, owner}], &total}) {
            sums->wall += std::floor(r.wall_seconds);
            sums->user += r.user_seconds;
            sums->system += r.system_seconds;
        }
    }
    std::string text;
    std::size_t dashes = 0;
    if (columns.host) {
        text += padded("HOST", host_width);
        dashes += host_width;
    }
    if (columns.owner) {
        text += padded("OWNER", owner_width);
        dashes += owner_width;
    }
    if (dashes == 0) text = "Total System Usage\n";
    const std::string title =
        strprintf("%13.13s %13.13s %13.13s %13.13s %18.18s %18.18s %18.18s", "WALLCLOCK", "UTIME",
                  "STIME", "CPU", "MEMORY", "IO", "IOW");
    text += title + "\n" + std::string(dashes + title.size(), '=') + "\n";
    if (total.wall == 0) return text;
    for (const auto& [key, sums] : rows) {
        if (columns.host) text += padded(key.first, host_width);
        if (columns.owner) text += padded(key.second, owner_width);
        text += sums_row(sums);
    }
    return text;
}

}  // namespace bramble::qstat
