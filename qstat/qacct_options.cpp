// Parsing qacct's command line.
#include "qacct_options.hpp"

#include <algorithm>
#include <cctype>

namespace bramble::qstat {
namespace {

constexpr std::int64_t kDay = 24 * 3600;

// The optional argument of -j, -o and -h: the next word unless it is an option.
const std::string* optional_value(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size() || args[i + 1].starts_with("-")) return nullptr;
    return &args[++i];
}

Result<std::string> required_value(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size()) return make_error("qacct: " + args[i] + " needs a value");
    return args[++i];
}

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(),
                                        [](unsigned char c) { return std::isdigit(c) != 0; });
}

int number(const std::string& text, std::size_t at, std::size_t length) {
    return std::stoi(text.substr(at, length));
}

Status take_time(const std::vector<std::string>& args, std::size_t& i, const std::tm& today,
                 std::optional<std::tm>& into) {
    auto text = required_value(args, i);
    if (!text) return text.error();
    auto time = parse_ge_time(*text, today);
    if (!time) return time.error();
    into = *time;
    return ok_status();
}

Status take_option(const std::vector<std::string>& args, std::size_t& i, const std::tm& today,
                   QacctOptions& options) {
    const std::string& arg = args[i];
    if (arg == "-help") {
        options.help = true;
    } else if (arg == "-j") {
        options.jobs = true;
        if (const auto* value = optional_value(args, i)) options.job = *value;
    } else if (arg == "-o") {
        options.columns.owner = true;
        if (const auto* value = optional_value(args, i)) options.columns.owner_name = *value;
    } else if (arg == "-h") {
        options.columns.host = true;
        if (const auto* value = optional_value(args, i)) options.columns.host_name = *value;
    } else if (arg == "-b") {
        return take_time(args, i, today, options.begin);
    } else if (arg == "-e") {
        return take_time(args, i, today, options.end);
    } else if (arg == "-d") {
        auto value = required_value(args, i);
        if (!value) return value.error();
        if (!all_digits(*value) || value->size() > 6) {
            return make_error("qacct: -d " + *value + ": days are a whole number (-d 7)");
        }
        options.days = std::stoi(*value);
    } else {
        return make_error("qacct: invalid option argument \"" + arg + "\"");
    }
    return ok_status();
}

}  // namespace

Result<std::tm> parse_ge_time(const std::string& text, const std::tm& today) {
    const auto dot = text.find('.');
    const std::string main = text.substr(0, dot);
    const std::string seconds = dot == std::string::npos ? "" : text.substr(dot + 1);
    const bool valid = all_digits(main) &&
                       (main.size() == 8 || main.size() == 10 || main.size() == 12) &&
                       (dot == std::string::npos || (seconds.size() == 2 && all_digits(seconds)));
    if (!valid) {
        return make_error("qacct: \"" + text +
                          "\" is not a time: write [[CC]YY]MMDDhhmm[.SS], e.g. 202612070852");
    }
    std::tm time{};
    const std::size_t year_digits = main.size() - 8;
    time.tm_year = today.tm_year;
    if (year_digits == 2) {
        const int yy = number(main, 0, 2);
        time.tm_year = (yy < 70 ? 2000 + yy : 1900 + yy) - 1900;
    } else if (year_digits == 4) {
        time.tm_year = number(main, 0, 4) - 1900;
    }
    time.tm_mon = number(main, year_digits, 2) - 1;
    time.tm_mday = number(main, year_digits + 2, 2);
    time.tm_hour = number(main, year_digits + 4, 2);
    time.tm_min = number(main, year_digits + 6, 2);
    time.tm_sec = seconds.empty() ? 0 : std::stoi(seconds);
    time.tm_isdst = -1;
    if (time.tm_mon > 11 || time.tm_mday < 1 || time.tm_mday > 31 || time.tm_hour > 23 ||
        time.tm_min > 59 || time.tm_sec > 61) {
        return make_error("qacct: \"" + text + "\" is not a valid date and time");
    }
    return time;
}

Result<QacctOptions> parse_qacct_args(const std::vector<std::string>& args, const std::tm& today) {
    QacctOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (auto taken = take_option(args, i, today, options); !taken) return taken.error();
    }
    return options;
}

StartWindow start_window(const QacctOptions& options, std::int64_t now,
                         std::int64_t (*to_epoch)(std::tm)) {
    StartWindow window;
    const std::int64_t days = options.days.value_or(0) * kDay;
    if (options.begin) window.from = to_epoch(*options.begin);
    if (options.end) window.until = to_epoch(*options.end);
    // Grid Engine: -d counts from -b forwards, or back from -e, or back from now.
    if (options.days && options.begin && !options.end) window.until = window.from + days;
    if (options.days && !options.begin) {
        window.from = (options.end ? window.until : now) - days;
    }
    return window;
}

std::string qacct_usage() {
    return "usage: qacct [options]\n"
           " [-b begin_time]                   jobs started after\n"
           " [-d days]                         jobs started during the last d days\n"
           " [-e end_time]                     jobs started before\n"
           " [-h [host]]                       list [matching] host\n"
           " [-help]                           print this help\n"
           " [-j [job_id|job_name|pattern]]    list all [matching] jobs\n"
           " [-o [owner]]                      list [matching] owner\n"
           "\n"
           " begin_time, end_time              [[CC]YY]MMDDhhmm[.SS]\n";
}

}  // namespace bramble::qstat
