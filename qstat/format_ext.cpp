// qstat -ext. Layout (Son of Grid Engine 8.1.9, sge-reference qstat-ext.txt):
//   "%7d %7.5f %7.5f %-10.10s %-12.12s %-16.16s %-10.10s %-5.5s " id, prior, ntckts, name, user,
//   project ("NA" without one), department, state; then cpu "%-10.10s ", mem and io "%-7.7s " for a
//   placed job (27 blanks for a waiting one); tckts ovrts otckt ftckt stckt "%5d " each, share
//   "%-5.2f "; then the queue, slots and ja-task-ID columns of the default table. 93 + (width - 10)
//   + 79 dashes. No submit/start column.
// bramble has no tickets, departments or live usage: the tickets are 0, the department Grid
// Engine's "defaultdepartment", and cpu, mem and io "NA", Grid Engine's text for usage it has
// not received.
#include "format_ext.hpp"

#include <algorithm>

#include "format_requests.hpp"
#include "model/task_id.hpp"
#include "text.hpp"

namespace bramble::qstat {

namespace {

std::string header(int width) {
    std::string text =
        "job-ID  prior   ntckts  name       user         project          department state cpu    "
        "    mem     io      tckts ovrts otckt ftckt stckt share ";
    text += strprintf("%-*.*s ", width, width, "queue");
    text += "slots ja-task-ID \n";
    text += std::string(static_cast<std::size_t>(93 + width - 10 + 79), '-') + "\n";
    return text;
}

void append_line(std::string& text, const JobRow& job, const std::string& tasks, int width,
                 const FormatContext& context) {
    append_ext_line_head(text, job);
    text += strprintf("%-*.*s ", width, width,
                      is_placed(job) ? queue_instance(job, context.queue).c_str() : "");
    append_job_line_tail(text, job_slots(job), tasks);
}

}  // namespace

void append_ext_line_head(std::string& text, const JobRow& job) {
    const std::string project = job.project.empty() ? "NA" : without_controls(job.project);
    text += strprintf("%7llu %7.5f %7.5f %-10.10s %-12.12s %-16.16s %-10.10s %-5.5s ",
                      static_cast<unsigned long long>(visible_job_id(job.id)), ge_priority(job),
                      job.fair_share_part, job.name.c_str(), job.user.c_str(), project.c_str(),
                      "defaultdepartment", state_letters(job).c_str());
    const bool placed = is_placed(job);
    text += placed ? strprintf("%-10.10s %-7.7s %-7.7s ", "NA", "NA", "NA") : std::string(27, ' ');
    text += strprintf("%5d %5d %5d %5d %5d %-5.2f ", 0, 0, 0, 0, 0, 0.0);
}

std::string format_ext_table(const std::vector<JobRow>& jobs, const FormatContext& context) {
    const JobList listed = listing_order(jobs, context.queue);
    if (listed.empty()) return "";
    const int width = queue_width(jobs, context.queue);
    std::string text = header(width);
    for (const auto& [row, tasks] : merge_waiting_tasks(listed)) {
        append_line(text, row, tasks, width, context);
        if (context.request_lines) append_request_lines(text, row, context);
    }
    return text;
}

}  // namespace bramble::qstat
