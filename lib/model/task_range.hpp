// Array task numbers as Grid Engine reads and writes them: a range "n[-m[:s]]" (qsub -t, qdel
// 42.2-50:2) and a range list as qstat and qdel print it ("5", "4,7", "1-100:1", "1,3-10:1").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bramble {

struct TaskRange {
    int first = 1;
    int last = 1;
    int step = 1;

    [[nodiscard]] bool contains(int task) const {
        return task >= first && task <= last && (task - first) % step == 0;
    }
};

// "3", "2-50", "2-50:2"; nothing for anything else (a number below 1 or above `max`, a step
// below 1, a last task before the first).
std::optional<TaskRange> parse_task_range(std::string_view text, int max);

// The tasks an array has left, as Grid Engine prints them (qstat): its range list keeps -t's
// step when a task leaves it, so the list is the ascending tasks in runs `step` apart, each as
// "5", "4,7" (two) or "1-100:1" (more, range_to_dstring), joined by commas.
std::string task_range_list(const std::vector<int>& tasks, int step);

// Tasks Grid Engine collected one by one (qdel's "has deleted job-array tasks 2-50:2 of job 42"):
// range_list_insert_id then range_list_compress, whose runs take their step from their first gap
// (2, 4, ..., 50 is "2-50:2"; 1 and 5 are "1,5"), printed as above.
std::string collected_range_list(const std::vector<int>& tasks);

}  // namespace bramble
