// Slot ranges, task ranges, -tc and -hold_jid lists (see job_shape.hpp).
#include "jobscript/job_shape.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include "jobscript/values.hpp"

namespace bramble::jobscript {

namespace {

constexpr int kMaxTaskId = std::numeric_limits<int>::max();

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

// One bound of a slot range; `which` is "least" or "most" for the message.
Result<int> slot_bound(std::string_view range, std::string_view bound, std::string_view which) {
    auto slots = parse_slots(bound);
    if (!slots) {
        return make_error("slot range " + quoted(range) + ": the " + std::string(which) + " " +
                          slots.message());
    }
    return slots;
}

Result<int> task_id(std::string_view range, std::string_view text, std::string_view what) {
    auto value = parse_integer(text);
    if (!value || *value < 1 || *value > kMaxTaskId) {
        return make_error("task range " + quoted(range) + ": the " + std::string(what) +
                          " must be a whole number from 1 to " + std::to_string(kMaxTaskId) +
                          ", got " + quoted(text));
    }
    return static_cast<int>(*value);
}

// Job names may hold neither blanks nor / : @ \ (check_job_name); patterns add * ? [ ].
Status check_hold_item(std::string_view item, std::string_view list) {
    if (item.empty()) return make_error("empty job id or name in " + quoted(list));
    for (const char c : item) {
        if (std::string_view("/:@\\").find(c) != std::string_view::npos ||
            std::isspace(static_cast<unsigned char>(c)) != 0 ||
            std::iscntrl(static_cast<unsigned char>(c)) != 0) {
            return make_error(quoted(item) +
                              " is neither a job id nor a job name (names may not contain "
                              "blanks or any of / : @ \\)");
        }
    }
    return ok_status();
}

}  // namespace

Result<SlotRange> parse_slot_range(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) {
        auto slots = parse_slots(text);
        if (!slots) return make_error("slot count " + slots.message());
        return SlotRange{*slots, 0};
    }
    const std::string_view low = text.substr(0, dash);
    const std::string_view high = text.substr(dash + 1);
    if (low.empty() && high.empty()) {
        return make_error("slot range '-' needs a number: give N, N-M, N- or -M");
    }
    SlotRange range{1, kMaxSlots};
    if (!low.empty()) {
        auto min = slot_bound(text, low, "least");
        if (!min) return min.error();
        range.min = *min;
    }
    if (!high.empty()) {
        auto max = slot_bound(text, high, "most");
        if (!max) return max.error();
        range.max = *max;
    }
    if (range.min > range.max) {
        return make_error("slot range " + quoted(text) + " runs backwards: the least (" +
                          std::to_string(range.min) + ") is more than the most (" +
                          std::to_string(range.max) + ")");
    }
    if (range.max == range.min) range.max = 0;
    return range;
}

Result<TaskRange> parse_task_range(std::string_view text) {
    const auto colon = text.find(':');
    const std::string_view ids = text.substr(0, colon);
    const auto dash = ids.find('-');
    if (ids.empty() || (colon != std::string_view::npos && dash == std::string_view::npos) ||
        (dash != std::string_view::npos && dash + 1 == ids.size())) {
        return make_error("task range " + quoted(text) +
                          " is not N, N-M or N-M:STEP (e.g. 1-100 or 1-100:2)");
    }
    TaskRange range;
    range.first = 1;
    if (dash != 0) {
        auto first = task_id(text, ids.substr(0, dash), "first task");
        if (!first) return first.error();
        range.first = *first;
    }
    range.last = range.first;
    if (dash != std::string_view::npos) {
        auto last = task_id(text, ids.substr(dash + 1), "last task");
        if (!last) return last.error();
        range.last = *last;
    }
    if (colon != std::string_view::npos) {
        auto step = task_id(text, text.substr(colon + 1), "step");
        if (!step) return step.error();
        range.step = *step;
    }
    if (range.first > range.last) {
        return make_error("task range " + quoted(text) + " runs backwards: the first task (" +
                          std::to_string(range.first) + ") is after the last (" +
                          std::to_string(range.last) + ")");
    }
    range.last = range.first + (range.last - range.first) / range.step * range.step;
    return range;
}

Result<int> parse_max_running_tasks(std::string_view text) {
    auto value = parse_integer(text);
    if (!value || *value < 1 || *value > kMaxTaskId) {
        return make_error("the most tasks running at once must be a positive integer, got " +
                          quoted(text));
    }
    return static_cast<int>(*value);
}

Status add_hold_list(std::vector<std::string>& into, std::string_view list) {
    std::vector<std::string> added;
    for (const auto item : split_commas(list)) {
        if (auto ok = check_hold_item(item, list); !ok) return ok;
        added.emplace_back(item);
    }
    for (auto& item : added) {
        if (std::find(into.begin(), into.end(), item) == into.end())
            into.push_back(std::move(item));
    }
    return ok_status();
}

}  // namespace bramble::jobscript
