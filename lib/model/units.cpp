// Parsing and printing sizes and durations the way Grid Engine users write and read them.
#include "model/units.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <optional>

namespace bramble {

namespace {

// A finite decimal number and nothing else ("1.5", "2e3"); the caller words the error, since it
// knows the value. strtod (the daemons never change the C locale) rather than from_chars<double>,
// whose libstdc++ code would make libm a library every daemon loads.
std::optional<double> parse_number(std::string_view text) {
    const auto allowed = [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
               c == '+' || c == '-';
    };
    const bool starts_well =
        !text.empty() &&
        (std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '.');
    if (!starts_well || !std::all_of(text.begin(), text.end(), allowed)) return std::nullopt;
    const std::string copy(text);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || errno == ERANGE || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

// K, M, G, T in either case are binary multiples; anything else leaves the number as bytes.
double multiplier_of(char suffix) {
    constexpr std::string_view kSuffixes = "KMGT";
    const auto power =
        kSuffixes.find(static_cast<char>(std::toupper(static_cast<unsigned char>(suffix))));
    if (power == std::string_view::npos) return 1;
    double multiplier = 1024;
    for (std::size_t i = 0; i < power; ++i)
        multiplier *= 1024;
    return multiplier;
}

}  // namespace

Result<std::uint64_t> parse_memory(std::string_view text) {
    const std::string shown(text);
    if (text.empty()) return make_error("empty memory size");
    const double multiplier = multiplier_of(text.back());
    if (multiplier != 1) text.remove_suffix(1);
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        return make_error("memory size '" + shown +
                          "' must be a positive number such as 512M or 2G");
    }
    const auto number = parse_number(text);
    if (!number) {
        return make_error("memory size '" + shown +
                          "' is not a number with K, M, G or T (e.g. 2G)");
    }
    const double bytes = *number * multiplier;
    // 1 PiB is far beyond any node this scheduler will ever see; anything larger is a typo.
    constexpr double kAbsurd = 1024.0 * 1024 * 1024 * 1024 * 1024;
    if (bytes > kAbsurd) {
        return make_error("memory size '" + shown + "' is absurdly large (over 1P)");
    }
    return static_cast<std::uint64_t>(round_to_integer(bytes));
}

std::int64_t round_to_integer(double value) {
    return static_cast<std::int64_t>(value < 0 ? value - 0.5 : value + 0.5);
}

Result<std::int64_t> parse_duration(std::string_view text) {
    const std::string shown(text);
    if (text.empty()) return make_error("empty time value");
    std::int64_t total = 0;
    int fields = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = text.find(':', start);
        const std::string_view field = text.substr(
            start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
        std::int64_t value = 0;
        if (!field.empty()) {
            auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
            if (ec != std::errc{} || ptr != field.data() + field.size() || value < 0) {
                return make_error("time '" + shown +
                                  "' is not [[hours:]minutes:]seconds (e.g. 4:00:00)");
            }
        }
        if (++fields > 3) {
            return make_error("time '" + shown + "' has more than three fields (h:m:s)");
        }
        if (total > std::numeric_limits<std::int64_t>::max() / 60 - value) {
            return make_error("time '" + shown + "' is absurdly long");
        }
        total = total * 60 + value;
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    constexpr std::int64_t kTenYears = 10LL * 366 * 24 * 3600;
    if (total > kTenYears) {
        return make_error("time '" + shown + "' is absurdly long (over ten years)");
    }
    return total;
}

std::string format_memory(std::uint64_t bytes) {
    static constexpr const char* kUnits[] = {"K", "M", "G", "T"};
    double value = static_cast<double>(bytes);
    if (value < 1024) return std::to_string(bytes);
    std::size_t unit = 0;
    value /= 1024;
    // 1023.95 and up would print as "1024.0" of this unit; show it as "1.0" of the next instead.
    while (value >= 1023.95 && unit + 1 < std::size(kUnits)) {
        value /= 1024;
        ++unit;
    }
    char buffer[32];
    (void)std::snprintf(buffer, sizeof buffer, "%.1f%s", value, kUnits[unit]);
    return buffer;
}

std::string format_duration(std::int64_t seconds) {
    // A negative span (a clock that stepped back) keeps its sign in front, not on every field.
    const char* sign = seconds < 0 ? "-" : "";
    const std::uint64_t magnitude =
        seconds < 0 ? 0 - static_cast<std::uint64_t>(seconds) : static_cast<std::uint64_t>(seconds);
    char buffer[48];
    (void)std::snprintf(buffer, sizeof buffer, "%s%02llu:%02llu:%02llu", sign,
                        static_cast<unsigned long long>(magnitude / 3600),
                        static_cast<unsigned long long>(magnitude / 60 % 60),
                        static_cast<unsigned long long>(magnitude % 60));
    return buffer;
}

}  // namespace bramble
