// Value checks shared by the YAML and Grid Engine front ends (see values.hpp).
#include "jobscript/values.hpp"

#include <cctype>
#include <charconv>
#include <filesystem>

#include "jobscript/names.hpp"
#include "model/units.hpp"

namespace bramble::jobscript {

namespace {

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

}  // namespace

Result<std::int64_t> parse_integer(std::string_view text) {
    std::string_view digits = text;
    if (digits.starts_with('+') && !digits.substr(1).starts_with('-')) digits.remove_prefix(1);
    std::int64_t value = 0;
    const auto* end = digits.data() + digits.size();
    auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    if (digits.empty() || ec != std::errc{} || ptr != end) {
        return make_error(quoted(text) + " is not a whole number");
    }
    return value;
}

Result<int> parse_slots(std::string_view text) {
    auto value = parse_integer(text);
    if (!value || *value < 1)
        return make_error("must be a positive integer, got " + std::string(text));
    if (*value > kMaxSlots) {
        return make_error("must be at most " + std::to_string(kMaxSlots) + ", got " +
                          std::string(text));
    }
    return static_cast<int>(*value);
}

Result<int> parse_priority(std::string_view text) {
    auto value = parse_integer(text);
    if (!value || *value < kMinPriority || *value > kMaxPriority) {
        return make_error("must be a whole number from " + std::to_string(kMinPriority) + " to " +
                          std::to_string(kMaxPriority) + ", got " + std::string(text));
    }
    return static_cast<int>(*value);
}

Result<std::uint64_t> parse_positive_memory(std::string_view text) {
    auto bytes = parse_memory(text);
    if (!bytes) return bytes.error();
    if (*bytes == 0) return make_error("memory size " + quoted(text) + " must be more than zero");
    return bytes;
}

Result<std::int64_t> parse_positive_duration(std::string_view text) {
    auto seconds = parse_duration(text);
    if (!seconds) return seconds.error();
    if (*seconds <= 0) return make_error("time " + quoted(text) + " must be more than zero");
    return seconds;
}

Result<bool> parse_yes_no(std::string_view text) {
    std::string lower;
    for (const char c : text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "y" || lower == "yes" || lower == "true") return true;
    if (lower == "n" || lower == "no" || lower == "false") return false;
    return make_error("expected y or n, got " + quoted(text));
}

Result<bool> parse_boolean(std::string_view text) {
    if (text == "1") return true;
    if (text == "0") return false;
    auto yes = parse_yes_no(text);
    if (!yes) return make_error("expected true or false (or yes, no, 1, 0), got " + quoted(text));
    return yes;
}

std::vector<std::string_view> split_commas(std::string_view list) {
    std::vector<std::string_view> items;
    std::size_t start = 0;
    while (true) {
        const auto comma = list.find(',', start);
        items.push_back(
            list.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos) return items;
        start = comma + 1;
    }
}

Status check_job_name(std::string_view name) {
    return check_name("job name", name);
}

Status check_env_name(std::string_view name) {
    const bool ok = !name.empty() && std::isdigit(static_cast<unsigned char>(name.front())) == 0 &&
                    name.find_first_not_of(
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                        "0123456789_") == std::string_view::npos;
    if (!ok) return make_error(quoted(name) + " is not a valid environment variable name");
    return ok_status();
}

std::string absolute_path(std::string_view path, std::string_view cwd) {
    std::filesystem::path p(path);
    if (p.is_relative()) p = std::filesystem::path(cwd) / p;
    std::string out = p.lexically_normal().string();
    while (out.size() > 1 && out.back() == '/')
        out.pop_back();
    return out;
}

std::string base_name(std::string_view path) {
    while (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace bramble::jobscript
