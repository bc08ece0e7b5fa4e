// Grid Engine 8.1.9 writes its accounting line with one printf (sge_rusage.c): integers for the
// ids, times and counters, "%f" for the rusage times, ru_maxrss, ru_inblock and the cpu/mem/io/
// iow/maxvmem usage. Fields bramble does not keep are what Grid Engine writes for them when empty.
#include "accounting_line.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

namespace bramble::scheduler {
namespace {

constexpr int kFields = 45;
constexpr int kJobNumberField = 6;
constexpr int kTaskNumberField = 36;

// A colon would shift every later field, a newline would start a line of the user's making.
std::string text(const std::string& value, const char* when_empty = "UNKNOWN") {
    if (value.empty()) return when_empty;
    std::string out = value;
    for (char& c : out) {
        if (c == ':' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
    }
    return out;
}

std::string decimal(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%f", value);
    return buffer;
}

}  // namespace

std::string accounting_line(const wire::AccountingRecord& r) {
    const auto n = [](auto value) { return std::to_string(value); };
    const std::vector<std::string> fields = {
        text(r.queue),
        text(r.host),
        text(r.group),
        text(r.owner),
        text(r.name),
        n(r.job),
        text(r.account, "sge"),
        n(r.priority),
        n(r.submit_time),
        n(r.start_time),
        n(r.end_time),
        n(r.failed),
        n(r.exit_status),
        n(static_cast<std::int64_t>(std::floor(r.wall_seconds))),  // ru_wallclock
        decimal(r.user_seconds),                                   // ru_utime
        decimal(r.system_seconds),                                 // ru_stime
        decimal(static_cast<double>(r.max_rss_kb)),                // ru_maxrss
        "0",                                                       // ru_ixrss
        "0",                                                       // ru_ismrss
        "0",                                                       // ru_idrss
        "0",                                                       // ru_isrss
        n(r.minor_faults),
        n(r.major_faults),
        "0",  // ru_nswap
        decimal(static_cast<double>(r.blocks_in)),
        n(r.blocks_out),
        "0",  // ru_msgsnd
        "0",  // ru_msgrcv
        "0",  // ru_nsignals
        n(r.voluntary_switches),
        n(r.involuntary_switches),
        text(r.project, "NONE"),
        "defaultdepartment",
        text(r.pe, "NONE"),
        n(r.slots),
        n(r.task),
        decimal(r.user_seconds + r.system_seconds),  // cpu
        decimal(0),                                  // mem
        decimal(0),                                  // io
        text(r.category, "NONE"),
        decimal(0),  // iow
        "NONE",      // pe_taskid
        decimal(0),  // maxvmem
        "0",         // arid
        "0",         // ar_submission_time
    };
    std::string line;
    for (const auto& field : fields)
        line += (line.empty() ? "" : ":") + field;
    return line + "\n";
}

std::optional<AccountedJob> accounted_job(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (std::size_t colon = 0; (colon = line.find(':', start)) != std::string_view::npos;
         start = colon + 1)
        fields.push_back(line.substr(start, colon - start));
    fields.push_back(line.substr(start));
    if (fields.size() != kFields) return std::nullopt;
    const auto number = [](std::string_view digits, auto& value) {
        auto [rest, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        return !digits.empty() && error == std::errc() && rest == digits.data() + digits.size();
    };
    AccountedJob accounted;
    if (!number(fields[kJobNumberField - 1], accounted.job) ||
        !number(fields[kTaskNumberField - 1], accounted.task))
        return std::nullopt;
    return accounted;
}

}  // namespace bramble::scheduler
