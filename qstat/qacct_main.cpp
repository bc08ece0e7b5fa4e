// qacct: Grid Engine's accounting of finished jobs. Asks the scheduler for the records page by
// page (each page bounded by the scheduler), then prints the job blocks (-j) or the usage table.
#include <algorithm>
#include <ctime>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "format_accounting.hpp"
#include "qacct_options.hpp"
#include "scheduler_call.hpp"

namespace bramble::qstat {
namespace {

std::int64_t local_epoch(std::tm time) {
    return static_cast<std::int64_t>(std::mktime(&time));
}

Result<std::vector<wire::AccountingRecord>> fetch(wire::AccountingRequest request) {
    std::vector<wire::AccountingRecord> records;
    do {
        auto page = ask_scheduler<wire::AccountingReply>(request);
        if (!page) return page.error();
        records.insert(records.end(), std::make_move_iterator(page->records.begin()),
                       std::make_move_iterator(page->records.end()));
        request.after = page->next;
    } while (request.after != 0);
    // The accounting file's order: as the jobs ended.
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
        return std::tie(a.end_time, a.job, a.task) < std::tie(b.end_time, b.job, b.task);
    });
    return records;
}

// Grid Engine: "job id 42 not found" for a number, "job name x not found" for a name.
std::string not_found(const std::string& job) {
    const bool id = !job.empty() && job.find_first_not_of("0123456789.") == std::string::npos;
    return (id ? "job id " : "job name ") + job + " not found";
}

int run(const QacctOptions& options) {
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    const StartWindow window = start_window(options, now, local_epoch);
    wire::AccountingRequest request;
    request.job = options.job;
    request.owner = options.columns.owner_name;
    request.host = options.columns.host_name;
    request.started_from = window.from;
    request.started_until = window.until;
    auto records = fetch(request);
    if (!records) {
        std::cerr << "error: " << records.message() << "\n";
        return 1;
    }
    if (options.jobs) {
        for (const auto& record : *records)
            std::cout << format_accounting_block(record, local_calendar);
    }
    if (!options.job.empty()) {
        if (!records->empty()) return 0;
        std::cerr << "error: " << not_found(options.job) << "\n";
        return 1;
    }
    std::cout << format_usage(*records, options.columns);
    return 0;
}

}  // namespace
}  // namespace bramble::qstat

int main(int argc, char** argv) {
    using namespace bramble::qstat;
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::time_t now = std::time(nullptr);
    std::tm today{};
    localtime_r(&now, &today);
    auto options = parse_qacct_args(args, today);
    if (!options) {
        std::cerr << options.message() << "\n" << qacct_usage();
        return 1;
    }
    if (options->help) {
        std::cout << qacct_usage();
        return 0;
    }
    return run(*options);
}
