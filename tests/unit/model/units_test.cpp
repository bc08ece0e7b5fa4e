// Sizes and durations as users write them in job scripts and as qhost and qstat print them.
#include "model/units.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace bramble {
namespace {

constexpr std::uint64_t K = 1024;
constexpr std::uint64_t M = 1024 * K;
constexpr std::uint64_t G = 1024 * M;
constexpr std::uint64_t T = 1024 * G;

struct MemoryCase {
    const char* text;
    std::uint64_t bytes;
};

TEST(ParseMemory, AcceptsGridEngineSizes) {
    const MemoryCase cases[] = {
        {"0", 0},
        {"100", 100},  // a bare number is bytes
        {"1K", K},
        {"1k", K},  // either case, binary multiples
        {"512M", 512 * M},
        {"512m", 512 * M},
        {"2G", 2 * G},
        {"1.5g", G + 512 * M},  // 1.5 x 1024^3
        {"1.9G", 2040109466},   // 1.9 x 1073741824 = 2040109465.6, rounded
        {"0.5K", 512},
        {"1T", T},
        {"1024T", 1024 * T},  // 1P, the largest accepted
    };
    for (const auto& [text, bytes] : cases) {
        const auto parsed = parse_memory(text);
        ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.message();
        EXPECT_EQ(*parsed, bytes) << text;
    }
}

struct BadCase {
    const char* text;
    const char* message;
};

TEST(ParseMemory, RefusesWithAMessageNamingTheValue) {
    const BadCase cases[] = {
        {"", "empty memory size"},
        {"G", "memory size 'G' is not a number with K, M, G or T (e.g. 2G)"},
        {"2X", "memory size '2X' is not a number with K, M, G or T (e.g. 2G)"},
        {"-1G", "memory size '-1G' must be a positive number such as 512M or 2G"},
        {"+1G", "memory size '+1G' must be a positive number such as 512M or 2G"},
        {"1 G", "memory size '1 G' is not a number with K, M, G or T (e.g. 2G)"},
        {"nanG", "memory size 'nanG' is not a number with K, M, G or T (e.g. 2G)"},
        {"1025T", "memory size '1025T' is absurdly large (over 1P)"},
    };
    for (const auto& [text, message] : cases) {
        const auto parsed = parse_memory(text);
        ASSERT_FALSE(parsed.ok()) << text;
        EXPECT_EQ(parsed.message(), message);
    }
}

struct DurationCase {
    const char* text;
    std::int64_t seconds;
};

TEST(ParseDuration, AcceptsHoursMinutesSeconds) {
    const DurationCase cases[] = {
        {"0", 0},          {"3600", 3600},     {"90", 90},  // seconds may exceed 59
        {"00:02", 2},                                       // minutes:seconds
        {"1:30", 90},      {"4:00:00", 14400}, {"72:00:00", 259200},
        {"10:0:0", 36000}, {":50:", 3000},  // empty fields are zero: 50 x 60
        {"1::", 3600},     {"::", 0},
    };
    for (const auto& [text, seconds] : cases) {
        const auto parsed = parse_duration(text);
        ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.message();
        EXPECT_EQ(*parsed, seconds) << text;
    }
}

TEST(ParseDuration, RefusesWithAMessageNamingTheValue) {
    const BadCase cases[] = {
        {"", "empty time value"},
        {"1:2:3:4", "time '1:2:3:4' has more than three fields (h:m:s)"},
        {"1h", "time '1h' is not [[hours:]minutes:]seconds (e.g. 4:00:00)"},
        {"-5", "time '-5' is not [[hours:]minutes:]seconds (e.g. 4:00:00)"},
        {"1:-5", "time '1:-5' is not [[hours:]minutes:]seconds (e.g. 4:00:00)"},
        {"1.5", "time '1.5' is not [[hours:]minutes:]seconds (e.g. 4:00:00)"},
        {"100000:00:00", "time '100000:00:00' is absurdly long (over ten years)"},  // 11.4 years
        {"99999999999999999999",
         "time '99999999999999999999' is not [[hours:]minutes:]seconds (e.g. 4:00:00)"},
        {"9223372036854775807:0", "time '9223372036854775807:0' is absurdly long"},
    };
    for (const auto& [text, message] : cases) {
        const auto parsed = parse_duration(text);
        ASSERT_FALSE(parsed.ok()) << text;
        EXPECT_EQ(parsed.message(), message);
    }
}

struct FormatMemoryCase {
    std::uint64_t bytes;
    const char* text;
};

TEST(FormatMemory, ShortFormAsQhostPrintsIt) {
    const FormatMemoryCase cases[] = {
        {0, "0"},
        {1023, "1023"},  // under 1K: plain bytes
        {K, "1.0K"},
        {17 * K + 512, "17.5K"},
        {512 * M, "512.0M"},
        {G, "1.0G"},
        {G + 512 * M, "1.5G"},
        {M - 1, "1.0M"},  // 1023.999K rounds up to the next unit, not "1024.0K"
        {G - 1, "1.0G"},
        {1023 * M, "1023.0M"},
        {T, "1.0T"},
        {1024 * T, "1024.0T"},  // T is the largest unit
    };
    for (const auto& [bytes, text] : cases)
        EXPECT_EQ(format_memory(bytes), text) << bytes;
}

TEST(FormatMemory, RoundTripsThroughParse) {
    for (const char* text : {"1.0K", "512.0M", "1.5G", "2.0T"}) {
        EXPECT_EQ(format_memory(*parse_memory(text)), text);
    }
}

struct FormatDurationCase {
    std::int64_t seconds;
    const char* text;
};

TEST(FormatDuration, HoursMinutesSeconds) {
    const FormatDurationCase cases[] = {
        {0, "00:00:00"},    {59, "00:00:59"},
        {3661, "01:01:01"}, {100 * 3600 + 5, "100:00:05"},  // hours run past 24
        {-90, "-00:01:30"},                                 // a clock that stepped back
    };
    for (const auto& [seconds, text] : cases)
        EXPECT_EQ(format_duration(seconds), text) << seconds;
}

TEST(FormatDuration, RoundTripsThroughParse) {
    for (const char* text : {"00:00:00", "04:00:00", "72:30:15"}) {
        EXPECT_EQ(format_duration(*parse_duration(text)), text);
    }
}

}  // namespace
}  // namespace bramble
