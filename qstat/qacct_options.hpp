// qacct's command line, parsed without side effects. Grid Engine's -j, -o and -h take an optional
// argument (alone they list every job, or group the table by owner or host); -b and -e take its
// [[CC]YY]MMDDhhmm[.SS] times, -d a number of days.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "format_accounting.hpp"
#include "model/result.hpp"

namespace bramble::qstat {

struct QacctOptions {
    bool help = false;
    bool jobs = false;  // -j: show the job blocks
    std::string job;    // -j ID|NAME|PATTERN ("" = every job)
    UsageColumns columns;
    std::optional<std::tm> begin;  // -b, as calendar fields in local time
    std::optional<std::tm> end;    // -e
    std::optional<int> days;       // -d
};

// `today` gives the year for times written without one. Errors carry what was wrong and the
// valid form.
Result<QacctOptions> parse_qacct_args(const std::vector<std::string>& args, const std::tm& today);

// Grid Engine's [[CC]YY]MMDDhhmm[.SS] as calendar fields (YY below 70 is 20YY).
Result<std::tm> parse_ge_time(const std::string& text, const std::tm& today);

// The window of start times to keep, in epoch seconds (0 = open), as Grid Engine's qacct derives
// it from -b, -e and -d. `to_epoch` turns calendar fields into seconds (mktime in the binary).
struct StartWindow {
    std::int64_t from = 0;
    std::int64_t until = 0;
};
StartWindow start_window(const QacctOptions& options, std::int64_t now,
                         std::int64_t (*to_epoch)(std::tm));

std::string qacct_usage();

}  // namespace bramble::qstat
