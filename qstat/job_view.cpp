// Job classification, ordering and the shared part of qstat's job lines.
#include "job_view.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <tuple>

#include "model/job_state.hpp"
#include "model/task_id.hpp"
#include "model/task_range.hpp"
#include "text.hpp"

namespace bramble::qstat {

namespace {

bool on_node(JobState state) {
    return state == JobState::Dispatched || state == JobState::Running ||
           state == JobState::Deleting;
}

// snprintf into the end of `text`; the buffer is large enough for any line part we write.
template <class... Args>
void append_printf(std::string& text, const char* format, Args... args) {
    char buffer[256];
    const int length = std::snprintf(buffer, sizeof buffer, format, args...);
    if (length > 0) text.append(buffer, std::min<std::size_t>(length, sizeof buffer - 1));
}

}  // namespace

bool is_placed(const JobRow& job) {
    return on_node(job.state) && !job.grants.empty();
}

int queue_width(const std::vector<JobRow>& jobs, const std::string& queue) {
    std::size_t width = 30;  // Grid Engine's narrowest queue column
    for (const auto& job : jobs) {
        if (is_placed(job))
            width = std::max(width, queue.size() + 1 + job.grants.front().node.size());
    }
    return static_cast<int>(width);
}

bool is_placed(const Job& job) {
    return on_node(job.state) && !job.allocation.empty();
}

bool is_waiting(const JobRow& job) {
    return !is_placed(job) && is_active(job.state);
}

bool is_waiting(const Job& job) {
    return !is_placed(job) && is_active(job.state);
}

std::string queue_instance(const JobRow& job, const std::string& queue) {
    if (!is_placed(job)) return "";
    return queue + "@" + job.grants.front().node;
}

std::string queue_instance(const Job& job, const std::string& queue) {
    if (!is_placed(job)) return "";
    return queue + "@" + job.allocation.grants.front().node;
}

double ge_priority(const JobRow& job) {
    return job.score;
}

std::string state_letters(const JobRow& job) {
    return ge_state_letters(job.state, job.held);
}

std::string state_letters(const Job& job) {
    return ge_state_letters(job.state, job.spec.hold);
}

JobList listing_order(const std::vector<JobRow>& jobs, const std::string& queue) {
    // Sort keys are computed once per job, not once per comparison.
    struct Placed {
        std::string queue_instance;
        const JobRow* job;
    };
    std::vector<Placed> placed;
    JobList waiting;
    waiting.reserve(jobs.size());
    for (const auto& job : jobs) {
        if (is_placed(job)) placed.push_back({queue_instance(job, queue), &job});
        if (is_waiting(job)) waiting.emplace_back(job);
    }
    std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        return std::tie(a.queue_instance, a.job->id) < std::tie(b.queue_instance, b.job->id);
    });
    std::stable_sort(waiting.begin(), waiting.end(), [](const JobRow& a, const JobRow& b) {
        return std::make_tuple(-a.score, -a.priority, a.submit_time, a.id) <
               std::make_tuple(-b.score, -b.priority, b.submit_time, b.id);
    });
    JobList listed;
    listed.reserve(placed.size() + waiting.size());
    for (const auto& entry : placed)
        listed.emplace_back(*entry.job);
    listed.insert(listed.end(), waiting.begin(), waiting.end());
    return listed;
}

std::vector<wire::NodeStatus> nodes_by_name(const std::vector<wire::NodeStatus>& nodes) {
    std::vector<wire::NodeStatus> sorted = nodes;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.inventory.name < b.inventory.name; });
    return sorted;
}

int job_slots(const JobRow& job) {
    if (!is_placed(job)) return job.slots;
    int slots = 0;
    for (const auto& grant : job.grants)
        slots += grant.slots();
    return slots;
}

int job_slots(const Job& job) {
    return is_placed(job) ? job.allocation.slots() : job.spec.slots;
}

int slots_on_node(const JobRow& job, const std::string& node) {
    if (!is_placed(job)) return 0;
    int slots = 0;
    for (const auto& grant : job.grants) {
        if (grant.node == node) slots += grant.slots();
    }
    return slots;
}

void append_job_line_head(std::string& text, const JobRow& job, const FormatContext& context) {
    const std::int64_t shown =
        is_placed(job) && job.start_time > 0 ? job.start_time : job.submit_time;
    const std::tm time = context.calendar(shown);
    const std::string letters = state_letters(job);
    append_printf(text, "%7llu %7.5f ", static_cast<unsigned long long>(visible_job_id(job.id)),
                  ge_priority(job));
    if (context.priority_columns) {
        append_printf(text, "%7.5f %7.5f %7.5f %5d ", job.waiting_part, job.priority_part,
                      job.fair_share_part, job.priority);
    }
    append_printf(text, "%-10.10s %-12.12s %-5.*s %02d/%02d/%04d %02d:%02d:%02d ", job.name.c_str(),
                  job.user.c_str(), static_cast<int>(std::min<std::size_t>(letters.size(), 5)),
                  letters.data(), time.tm_mon + 1, time.tm_mday, time.tm_year + 1900, time.tm_hour,
                  time.tm_min, time.tm_sec);
}

void append_job_line_tail(std::string& text, int slots, const std::string& tasks) {
    append_printf(text, "%5d ", slots);
    // Grid Engine pads only a job that is not an array (sge-reference qstat-array-running.txt).
    if (tasks.empty()) text.append(7, ' ');
    text += tasks;
    text += '\n';
}

std::vector<ListedLine> merge_waiting_tasks(const JobList& listed) {
    std::vector<ListedLine> lines;
    lines.reserve(listed.size());
    std::vector<int> run;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const JobRow& job = listed[i];
        if (!is_array_task(job.id)) {
            lines.push_back({job, ""});
            continue;
        }
        if (!is_waiting(job)) {
            lines.push_back({job, std::to_string(task_number(job.id))});
            continue;
        }
        run.assign(1, task_number(job.id));
        while (i + 1 < listed.size() && is_waiting(listed[i + 1].get()) &&
               is_array_task(listed[i + 1].get().id) &&
               visible_job_id(listed[i + 1].get().id) == visible_job_id(job.id) &&
               listed[i + 1].get().state == job.state) {
            run.push_back(task_number(listed[++i].get().id));
        }
        lines.push_back({job, task_range_list(run, job.task_step)});
    }
    return lines;
}

}  // namespace bramble::qstat
