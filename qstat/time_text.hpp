// Times as Grid Engine's clients print them. The formatters never read the clock or the time zone
// themselves: they get a CalendarFn, so the binaries pass local time and the tests pass UTC.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace bramble::qstat {

// Calendar fields for epoch seconds in some time zone.
using CalendarFn = std::tm (*)(std::int64_t epoch);

std::tm local_calendar(std::int64_t epoch);
std::tm utc_calendar(std::int64_t epoch);

// "11/23/2025 09:37:01": qstat's submit/start column.
std::string table_time(const std::tm& time);

// "2025-11-23T09:37:01": qstat -xml.
std::string xml_time(const std::tm& time);

// "Sun Nov 23 09:37:01 2025": ctime(3) without its newline, as qstat -j prints submission_time.
std::string ctime_text(const std::tm& time);

}  // namespace bramble::qstat
