// Located, exception-free readers for cluster.yaml values (see yaml_reader.hpp).
#include "config/yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "model/units.hpp"

namespace bramble::config {

namespace {

int line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

std::string describe(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return "nothing";
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    return "'" + node.Scalar() + "'";
}

Result<std::string> scalar(const Entry& entry, std::string_view what) {
    if (!entry.value.IsScalar()) {
        return entry.error("expected " + std::string(what) + ", got " + describe(entry.value));
    }
    return entry.value.Scalar();
}

std::string names_of(std::initializer_list<std::string_view> known) {
    std::string out;
    for (const auto name : known)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

// Seconds in one unit of a duration suffix, or 0 when `suffix` is not one.
std::int64_t unit_seconds(char suffix) {
    switch (suffix) {
        case 's':
            return 1;
        case 'm':
            return 60;
        case 'h':
            return 3600;
        case 'd':
            return 86400;
        case 'w':
            return 7 * 86400;
        default:
            return 0;
    }
}

}  // namespace

int Entry::line() const {
    const int value_line = value.IsNull() ? 0 : line_of(value);
    return value_line != 0 ? value_line : key_line();
}

int Entry::key_line() const {
    return line_of(key_node);
}

Error Entry::error(const std::string& message) const {
    const int at = line();
    return make_error(file + (at > 0 ? ":" + std::to_string(at) : "") + ": key '" + key +
                      "': " + message);
}

Error Entry::key_error(const std::string& message) const {
    const int at = key_line();
    return make_error(file + (at > 0 ? ":" + std::to_string(at) : "") + ": key '" + key +
                      "': " + message);
}

Entry Entry::child(const std::string& name, YAML::Node name_node, YAML::Node child_value) const {
    return Entry{file, key.empty() ? name : key + "." + name, std::move(name_node),
                 std::move(child_value)};
}

Status for_each_entry(const Entry& parent, std::initializer_list<std::string_view> known,
                      std::string_view what, const EntryVisitor& visit) {
    if (!parent.value.IsMap()) {
        return parent.error("expected a mapping of " + std::string(what) + ", got " +
                            describe(parent.value));
    }
    std::set<std::string> seen;
    for (const auto& pair : parent.value) {
        const std::string name = pair.first.IsScalar() ? pair.first.Scalar() : describe(pair.first);
        const Entry entry = parent.child(name, pair.first, pair.second);
        if (known.size() > 0 && std::find(known.begin(), known.end(), name) == known.end()) {
            return entry.key_error("unknown key (known: " + names_of(known) + ")");
        }
        if (!pair.first.IsScalar() || name.empty()) {
            return entry.key_error("expected a name as the key");
        }
        if (!seen.insert(name).second) return entry.key_error("given twice");
        if (auto ok = visit(entry); !ok) return ok;
    }
    return ok_status();
}

Result<std::string> read_string(const Entry& entry) {
    auto value = scalar(entry, "a string");
    if (value && value->empty()) return entry.error("must not be empty");
    return value;
}

Result<std::int64_t> read_integer(const Entry& entry, std::int64_t min, std::int64_t max) {
    auto text = scalar(entry, "a whole number");
    if (!text) return text.error();
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc{} || ptr != end || value < min || value > max) {
        return entry.error("must be a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max) + ", got '" + *text + "'");
    }
    return value;
}

Result<double> read_number(const Entry& entry, double min) {
    auto text = scalar(entry, "a number");
    if (!text) return text.error();
    double value = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc{} || ptr != end || !std::isfinite(value) || value < min) {
        char shown[32];
        (void)std::snprintf(shown, sizeof shown, "%g", min);
        return entry.error("must be a number of at least " + std::string(shown) + ", got '" +
                           *text + "'");
    }
    return value;
}

Result<bool> read_bool(const Entry& entry) {
    auto text = scalar(entry, "true or false");
    if (!text) return text.error();
    std::string lower;
    for (const char c : *text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true" || lower == "yes") return true;
    if (lower == "false" || lower == "no") return false;
    return entry.error("expected true or false, got '" + *text + "'");
}

Result<std::int64_t> read_duration(const Entry& entry, bool zero_allowed) {
    auto text = scalar(entry, "a time such as 1h, 7d or 4:00:00");
    if (!text) return text.error();
    const std::int64_t unit = text->empty() ? 0 : unit_seconds(text->back());
    std::int64_t seconds = 0;
    if (unit != 0) {
        double count = 0;
        const char* end = text->data() + text->size() - 1;
        auto [ptr, ec] = std::from_chars(text->data(), end, count);
        constexpr double kTenYears = 10.0 * 366 * 86400;
        if (ec != std::errc{} || ptr != end || ptr == text->data() || !(count >= 0) ||
            count * static_cast<double>(unit) > kTenYears) {
            return entry.error("time '" + *text +
                               "' is not a number of s, m, h, d or w below ten years (e.g. 7d)");
        }
        seconds = std::llround(count * static_cast<double>(unit));
    } else {
        auto parsed = parse_duration(*text);
        if (!parsed) return entry.error(parsed.message() + ", or a number with s, m, h, d or w");
        seconds = *parsed;
    }
    if (seconds == 0 && !zero_allowed) return entry.error("must be more than zero");
    return seconds;
}

Result<std::uint64_t> read_amount(const Entry& entry) {
    auto text = scalar(entry, "a count or a size such as 100G");
    if (!text) return text.error();
    auto amount = parse_memory(*text);
    if (!amount) return entry.error(amount.message());
    return amount;
}

Status check_name(const Entry& entry, const std::string& name, std::string_view what,
                  std::string_view extra) {
    const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               extra.find(c) != std::string_view::npos;
    });
    if (valid) return ok_status();
    std::string allowed = "letters, digits";
    for (const char c : extra)
        allowed += std::string(", '") + c + "'";
    return entry.key_error("'" + name + "' is not a valid " + std::string(what) + " (" + allowed +
                           ")");
}

}  // namespace bramble::config
