// A small wildcard matcher for node patterns: no allocation, no regex, linear backtracking on `*`.
#include "policy/node_pattern.hpp"

namespace bramble::policy {

namespace {

// Whether `c` is in the set that starts just after `[` at pattern[at]; sets `end` to the index
// after the closing `]`. A set with no closing `]` is read as a literal `[`.
bool in_set(std::string_view pattern, std::size_t at, char c, std::size_t& end) {
    std::size_t i = at;
    const bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
    if (negated) ++i;
    bool found = false;
    bool first = true;
    while (i < pattern.size() && (first || pattern[i] != ']')) {
        first = false;
        const char low = pattern[i];
        char high = low;
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            high = pattern[i + 2];
            i += 2;
        }
        if (low <= c && c <= high) found = true;
        ++i;
    }
    if (i >= pattern.size()) {
        end = at;  // unterminated: the `[` stands for itself
        return c == '[';
    }
    end = i + 1;
    return found != negated;
}

// One alternative, no `|` in it.
bool matches_glob(std::string_view pattern, std::string_view name) {
    std::size_t p = 0;
    std::size_t n = 0;
    std::size_t star = std::string_view::npos;  // where the last `*` was, to retry from
    std::size_t star_name = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            star_name = n;
            continue;
        }
        if (p < pattern.size()) {
            std::size_t next = p + 1;
            bool one = pattern[p] == '?' || pattern[p] == name[n];
            if (pattern[p] == '[') one = in_set(pattern, p + 1, name[n], next);
            if (one) {
                p = next;
                ++n;
                continue;
            }
        }
        if (star == std::string_view::npos) return false;
        p = star + 1;
        n = ++star_name;
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

}  // namespace

bool matches_pattern(std::string_view pattern, std::string_view name) {
    while (true) {
        const std::size_t bar = pattern.find('|');
        if (matches_glob(pattern.substr(0, bar), name)) return true;
        if (bar == std::string_view::npos) return false;
        pattern.remove_prefix(bar + 1);
    }
}

bool matches_any(std::span<const std::string> patterns, std::string_view name) {
    if (patterns.empty()) return true;
    for (const std::string& pattern : patterns) {
        if (matches_pattern(pattern, name)) return true;
    }
    return false;
}

}  // namespace bramble::policy
