// Sizes and durations as people write them in job scripts: "1G", "512M", "1.5g", "4:00:00", "90".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/result.hpp"

namespace bramble {

// Bytes from a Grid Engine memory value: a number with an optional K/M/G/T suffix (either case,
// binary multiples as Grid Engine uses them), decimals allowed ("1.9G"). A bare number is bytes.
Result<std::uint64_t> parse_memory(std::string_view text);

// Seconds from a Grid Engine time value: "[[h:]m:]s" with empty fields allowed ("72:00:00",
// "10:0:0", ":50:", "00:02", "3600").
Result<std::int64_t> parse_duration(std::string_view text);

// "1.0G", "512.0M", "17.5K" -- the short form qhost and qstat print.
std::string format_memory(std::uint64_t bytes);

// The nearest integer, halves away from zero (llround's answer for every value the daemons round),
// by arithmetic alone: nothing in the execd then needs libm, whose pages an idle execd would carry.
std::int64_t round_to_integer(double value);

// "HH:MM:SS" with hours allowed past 24.
std::string format_duration(std::int64_t seconds);

}  // namespace bramble
