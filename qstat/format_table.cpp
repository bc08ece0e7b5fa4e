// qstat's default table. Layout (qstat.c, identical in Grid Engine 6.2 and Son of Grid Engine):
//   header  "job-ID  prior   name       user         state submit/start at     "
//           + "%-Ns " "queue" + "slots ja-task-ID "        (N = queue width, at least 30)
//   dashes  93 + (N - 10): 113 for N = 30
//   job     head (66 chars) + "%-Ns " queue instance + "%5d " slots + 7 blanks
#include "format_table.hpp"

#include <algorithm>

#include "format_requests.hpp"
#include "text.hpp"
#include "wire/prefault.hpp"

namespace bramble::qstat {

namespace {

std::string header(int width, bool priority_columns) {
    std::string text = "job-ID  prior   ";
    // Grid Engine's -pri header: "ntckts" takes 9 characters over an 8-wide column.
    if (priority_columns) text += "nurg    npprior ntckts   ppri ";
    text += "name       user         state submit/start at     ";
    text += strprintf("%-*.*s ", width, width, "queue");
    text += "slots ja-task-ID \n";
    // Grid Engine's rule: 93 dashes plus one per character of the queue column beyond 10.
    const std::size_t extra = priority_columns ? 35 : 0;
    text += std::string(static_cast<std::size_t>(93 + width - 10) + extra, '-') + "\n";
    return text;
}

}  // namespace

std::string format_job_table(const std::vector<JobRow>& jobs, const FormatContext& context) {
    const JobList listed = listing_order(jobs, context.queue);
    if (listed.empty()) return "";
    const int width = queue_width(jobs, context.queue);
    std::string text = header(width, context.priority_columns);
    // A line is 66 characters, the queue column and 14 more.
    text.reserve(text.size() + listed.size() * static_cast<std::size_t>(81 + width));
    wire::prefault(text.data() + text.size(), text.capacity() - text.size());
    const std::string blank(static_cast<std::size_t>(width) + 1, ' ');
    for (const auto& [row, tasks] : merge_waiting_tasks(listed)) {
        const JobRow& job = row;
        append_job_line_head(text, job, context);
        if (is_placed(job)) {
            text += strprintf("%-*.*s ", width, width, queue_instance(job, context.queue).c_str());
        } else {
            text += blank;
        }
        append_job_line_tail(text, job_slots(job), tasks);
        if (context.request_lines) append_request_lines(text, job, context);
    }
    return text;
}

}  // namespace bramble::qstat
