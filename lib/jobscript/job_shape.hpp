// The shape of a job beyond one process: slot ranges (-pe NAME 2-8), array task ranges (-t
// 1-100:2), the cap on running tasks (-tc) and dependency lists (-hold_jid). Shared by qsub options
// and YAML keys so both read them with the same rules and the same words. Messages name the value
// only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.hpp"

namespace bramble::jobscript {

// -pe NAME N, N-M, N- (no most: capped at kMaxSlots, the most any job may ask) or -M (1-M).
struct SlotRange {
    int min = 1;
    int max = 0;  // 0 = exactly `min`, as JobSpec::slots_max

    bool operator==(const SlotRange&) const = default;
};
Result<SlotRange> parse_slot_range(std::string_view text);

// -t N, N-M, N-M:S or -M (1-M): Grid Engine's one range, 1 <= N <= M, S >= 1. `last` is moved
// down to the last task the step reaches (1-10:4 is 1-9:4), as Grid Engine does.
struct TaskRange {
    int first = 0;
    int last = 0;
    int step = 1;

    bool operator==(const TaskRange&) const = default;
};
Result<TaskRange> parse_task_range(std::string_view text);

// -tc N: a positive integer.
Result<int> parse_max_running_tasks(std::string_view text);

// -hold_jid "41,prep,post*": job ids, job names or name patterns, appended to `into` unless
// already there (Grid Engine lets -hold_jid repeat; the lists accumulate).
Status add_hold_list(std::vector<std::string>& into, std::string_view list);

}  // namespace bramble::jobscript
