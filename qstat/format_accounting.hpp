// qacct's two outputs, Grid Engine's layouts byte for byte: the block per finished job or task
// (qacct -j) and the usage table (no options: "Total System Usage"; -o / -h: a row per owner or
// host). Pure: records and a calendar in, text out.
#pragma once

#include <string>
#include <vector>

#include "time_text.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

// One `qacct -j` block, from the row of 62 '=' to `category`.
std::string format_accounting_block(const wire::AccountingRecord& record, CalendarFn calendar);

// Which columns the usage table leads with: Grid Engine's -h [host] and -o [owner]. A named host
// or owner is printed as given; a flag without a name groups the records by that column.
struct UsageColumns {
    bool host = false;
    std::string host_name;
    bool owner = false;
    std::string owner_name;
};

// The usage table: sums of wallclock, utime, stime, cpu, memory, io and iow. As in Grid Engine, no
// row is printed when the wallclock sum is 0.
std::string format_usage(const std::vector<wire::AccountingRecord>& records,
                         const UsageColumns& columns);

// Grid Engine's description of a `failed` code ("assumedly after job" for 100).
std::string failure_description(int failed);

}  // namespace bramble::qstat
