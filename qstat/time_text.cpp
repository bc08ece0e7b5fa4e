// Grid Engine's three time layouts.
#include "time_text.hpp"

#include "text.hpp"

namespace bramble::qstat {

std::tm local_calendar(std::int64_t epoch) {
    const auto seconds = static_cast<std::time_t>(epoch);
    std::tm fields{};
    localtime_r(&seconds, &fields);
    return fields;
}

std::tm utc_calendar(std::int64_t epoch) {
    const auto seconds = static_cast<std::time_t>(epoch);
    std::tm fields{};
    gmtime_r(&seconds, &fields);
    return fields;
}

std::string table_time(const std::tm& time) {
    return strprintf("%02d/%02d/%04d %02d:%02d:%02d", time.tm_mon + 1, time.tm_mday,
                     time.tm_year + 1900, time.tm_hour, time.tm_min, time.tm_sec);
}

std::string xml_time(const std::tm& time) {
    return strprintf("%04d-%02d-%02dT%02d:%02d:%02d", time.tm_year + 1900, time.tm_mon + 1,
                     time.tm_mday, time.tm_hour, time.tm_min, time.tm_sec);
}

std::string ctime_text(const std::tm& time) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return strprintf("%s %s %2d %02d:%02d:%02d %d", kDays[time.tm_wday % 7],
                     kMonths[time.tm_mon % 12], time.tm_mday, time.tm_hour, time.tm_min,
                     time.tm_sec, time.tm_year + 1900);
}

}  // namespace bramble::qstat
