// The value checks shared by YAML keys, qsub options and #$ directives, so `slots: 0`, `-pe smp 0`
// and `#$ -pe smp 0` are refused with the same words. Messages name the value, not where it was
// written: callers wrap them in a Diagnostic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.hpp"

namespace bramble::jobscript {

inline constexpr int kMaxSlots = 4096;
inline constexpr int kMinPriority = -1023;
inline constexpr int kMaxPriority = 1024;

// A whole decimal integer, optionally signed; nothing else on the line.
Result<std::int64_t> parse_integer(std::string_view text);

Result<int> parse_slots(std::string_view text);                       // 1..4096
Result<int> parse_priority(std::string_view text);                    // -1023..1024
Result<std::uint64_t> parse_positive_memory(std::string_view text);   // units.hpp rules, > 0
Result<std::int64_t> parse_positive_duration(std::string_view text);  // units.hpp rules, > 0
Result<bool> parse_yes_no(std::string_view text);   // y, yes, n, no (any case), true, false
Result<bool> parse_boolean(std::string_view text);  // as parse_yes_no, and 1 or 0 (-l excl=1)

// "a,b,,c" -> "a", "b", "", "c": empty items are kept so callers can refuse them.
std::vector<std::string_view> split_commas(std::string_view list);

// Grid Engine forbids these in job names because they break output file names and qstat.
Status check_job_name(std::string_view name);
Status check_env_name(std::string_view name);

// `path` made absolute against `cwd` and lexically normalised ("../x" -> "/home/x").
std::string absolute_path(std::string_view path, std::string_view cwd);
// The last component of a path ("/bin/echo" -> "echo", "run.sh" -> "run.sh").
std::string base_name(std::string_view path);

}  // namespace bramble::jobscript
