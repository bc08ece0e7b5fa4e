// parse_task_range, task_range_list (see task_range.hpp).
#include "model/task_range.hpp"

#include <charconv>

namespace bramble {
namespace {

std::optional<int> number(std::string_view text, int max) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 1 || value > max) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<TaskRange> parse_task_range(std::string_view text, int max) {
    const auto dash = text.find('-');
    const auto colon = text.find(':');
    if (colon != std::string_view::npos && (dash == std::string_view::npos || colon < dash)) {
        return std::nullopt;
    }
    const auto first = number(text.substr(0, dash), max);
    if (!first) return std::nullopt;
    if (dash == std::string_view::npos) return TaskRange{*first, *first, 1};
    const auto last_end = colon == std::string_view::npos ? text.size() : colon;
    const auto last = number(text.substr(dash + 1, last_end - dash - 1), max);
    if (!last || *last < *first) return std::nullopt;
    if (colon == std::string_view::npos) return TaskRange{*first, *last, 1};
    const auto step = number(text.substr(colon + 1), max);
    if (!step) return std::nullopt;
    return TaskRange{*first, *last, *step};
}

namespace {

struct Run {
    int first = 0;
    int last = 0;
    int step = 1;
};

std::string run_text(const Run& run) {
    const std::string first = std::to_string(run.first);
    if (run.first == run.last) return first;
    if (run.first + run.step == run.last) return first + "," + std::to_string(run.last);
    return first + "-" + std::to_string(run.last) + ":" + std::to_string(run.step);
}

// range_list_compress's four ways of joining a range `b` to the range `a` before it.
bool joined(Run& a, const Run& b) {
    const bool a_single = a.first == a.last && a.step == 1;
    const bool b_single = b.first == b.last && b.step == 1;
    if (a.last + a.step == b.first && a.step == b.step) {
        a.last = b.last;
    } else if (a_single && a.last == b.first - b.step) {
        a.last = b.last;
        a.step = b.step;
    } else if (b_single && a.last + a.step == b.last) {
        a.last = b.last;
    } else if (a_single && b_single) {
        a.step = b.first - a.first;
        a.last = b.first;
    } else {
        return false;
    }
    return true;
}

}  // namespace

std::string collected_range_list(const std::vector<int>& tasks) {
    // Inserted in ascending order, a task extends the last range when it follows it by one.
    std::vector<Run> inserted;
    for (const int task : tasks) {
        if (!inserted.empty() && inserted.back().last + inserted.back().step == task) {
            inserted.back().last = task;
        } else {
            inserted.push_back({task, task, 1});
        }
    }
    std::vector<Run> runs;
    for (const Run& run : inserted) {
        if (runs.empty() || !joined(runs.back(), run)) runs.push_back(run);
    }
    std::string text;
    for (const Run& run : runs)
        text += (text.empty() ? "" : ",") + run_text(run);
    return text;
}

std::string task_range_list(const std::vector<int>& tasks, int step) {
    std::string text;
    std::size_t i = 0;
    while (i < tasks.size()) {
        std::size_t end = i + 1;
        while (end < tasks.size() && tasks[end] - tasks[end - 1] == step)
            ++end;
        const std::string first = std::to_string(tasks[i]);
        const std::string last = std::to_string(tasks[end - 1]);
        text += text.empty() ? "" : ",";
        if (end == i + 1) {
            text += first;
        } else if (end == i + 2) {
            text += first + "," + last;
        } else {
            text += first + "-" + last + ":" + std::to_string(step);
        }
        i = end;
    }
    return text;
}

}  // namespace bramble
