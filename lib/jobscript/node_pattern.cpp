// Node patterns and GPIO line names (see node_pattern.hpp). A pattern is checked alternative by
// alternative, so an error can point at the exact place that is wrong.
#include "jobscript/node_pattern.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace bramble::jobscript {

namespace {

constexpr std::size_t kMaxPatternLength = 1024;

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

Error pattern_error(std::string_view pattern, const std::string& why) {
    return make_error(quoted(pattern) + " is not a node name or pattern: " + why);
}

// The class starting after '[' at `open`; returns the index of its ']'.
Result<std::size_t> check_class(std::string_view pattern, std::size_t open) {
    std::size_t at = open + 1;
    if (at < pattern.size() && (pattern[at] == '!' || pattern[at] == '^')) ++at;
    const std::size_t first = at;
    while (at < pattern.size() && pattern[at] != ']') {
        const char c = pattern[at];
        if (!is_name_char(c)) {
            return pattern_error(pattern, quoted(std::string(1, c)) + " inside [...]");
        }
        // A '-' between two characters is a range; first or last it is itself.
        if (c == '-' && at > first && at + 1 < pattern.size() && pattern[at + 1] != ']' &&
            pattern[at - 1] > pattern[at + 1]) {
            return pattern_error(
                pattern, "the range " + std::string(pattern.substr(at - 1, 3)) + " runs backwards");
        }
        ++at;
    }
    if (at == pattern.size()) {
        return pattern_error(
            pattern, "'[' at position " + std::to_string(open + 1) + " is never closed with ']'");
    }
    if (at == first) return pattern_error(pattern, "'[]' matches nothing");
    return at;
}

Status check_alternative(std::string_view pattern, std::size_t begin, std::size_t end) {
    if (begin == end) return pattern_error(pattern, "an empty alternative around '|'");
    for (std::size_t at = begin; at < end; ++at) {
        const char c = pattern[at];
        if (c == '[') {
            auto close = check_class(pattern.substr(0, end), at);
            if (!close) return close.error();
            at = *close;
        } else if (c == ']') {
            return pattern_error(pattern,
                                 "']' at position " + std::to_string(at + 1) + " has no '['");
        } else if (!is_name_char(c) && c != '*' && c != '?') {
            return pattern_error(pattern, quoted(std::string(1, c)) +
                                              " is not allowed (use letters, digits, . - _ and "
                                              "the wildcards * ? [...] |)");
        }
    }
    return ok_status();
}

}  // namespace

Status check_node_pattern(std::string_view pattern) {
    if (pattern.empty()) return make_error("empty node name");
    if (pattern.size() > kMaxPatternLength) {
        return make_error("node pattern is longer than " + std::to_string(kMaxPatternLength) +
                          " characters");
    }
    std::size_t begin = 0;
    while (true) {
        const std::size_t bar = std::min(pattern.find('|', begin), pattern.size());
        if (auto ok = check_alternative(pattern, begin, bar); !ok) return ok;
        if (bar == pattern.size()) return ok_status();
        begin = bar + 1;
    }
}

Status check_gpio_line_name(std::string_view name) {
    const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
    });
    if (!valid) {
        return make_error(quoted(name) +
                          " is not a GPIO line name (letters, digits, '_' and '-', e.g. fan)");
    }
    return ok_status();
}

}  // namespace bramble::jobscript
