// What every job listing shares: which jobs sit on nodes and which wait, the order Grid Engine
// lists them in, the priority column, and one job line of qstat's table.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/job.hpp"
#include "time_text.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

// Everything a formatter needs besides the scheduler's reply. Nothing here reads a clock.
struct FormatContext {
    std::int64_t now = 0;         // epoch seconds, for running jobs' wallclock
    std::string queue = "all.q";  // the cluster queue, the left half of queue@node
    CalendarFn calendar = utc_calendar;
    // qstat -pri: after prior, the parts it came from (nurg = waiting, npprior = -p, ntckts =
    // fair share, as Grid Engine names its parts) and the -p value (ppri).
    bool priority_columns = false;
    // qstat -F: each node's resources (hl:/hc: lines) under its queue line in -f's listing.
    bool resource_lines = false;
    // qstat -r: what each job asked for, under its line (format_requests.hpp), or as elements of
    // its job_list in -xml.
    bool request_lines = false;
    // qstat -ext with -f or -xml: the job lines (elements) get -ext's columns instead of the
    // submit/start time (format_ext.hpp).
    bool extended_columns = false;
};

using wire::JobRow;

// A job that holds an allocation on nodes: transferring (t), running (r) or being deleted (dr).
bool is_placed(const JobRow& job);
bool is_placed(const Job& job);

// Pending, held or in error (qw, hqw, Eqw): listed in the pending part.
bool is_waiting(const JobRow& job);
bool is_waiting(const Job& job);

// The queue column's width in a job listing: 30, or the longest "all.q@node" of a placed job.
int queue_width(const std::vector<JobRow>& jobs, const std::string& queue);

// "all.q@pi01" for a placed job (its master node), "" otherwise.
std::string queue_instance(const JobRow& job, const std::string& queue);
std::string queue_instance(const Job& job, const std::string& queue);

// The prior column: the scheduler's priority for the job at its last pass (0 before its first).
double ge_priority(const JobRow& job);

// The letters of the state column: qw hqw t r dr Eqw, and hr for a held job that runs.
std::string state_letters(const JobRow& job);
std::string state_letters(const Job& job);

// Placed jobs first, by queue instance then id; then waiting jobs by priority (highest first),
// submission time and id. Finished jobs are left out.
// The jobs in qstat's order, as references into `jobs` (which must outlive the list): a listing of
// 10,000 jobs sorts pointers, not rows.
using JobList = std::vector<std::reference_wrapper<const JobRow>>;
JobList listing_order(const std::vector<JobRow>& jobs, const std::string& queue);

// One line of a listing: a job, or the waiting tasks of an array job shown together, with the
// ja-task-ID text ("3" for a running task, "1-9:2,12" for waiting ones, "" for a plain job).
struct ListedLine {
    std::reference_wrapper<const JobRow> job;
    std::string tasks;
};

// `listed` with each run of waiting tasks of one array (same state, next to each other in the
// order) merged into one line, as Grid Engine shows them, under their range list
// (model/task_range.hpp, with the array's step that the rows carry).
std::vector<ListedLine> merge_waiting_tasks(const JobList& listed);

// The nodes in qhost's and qstat -f's order: by name.
std::vector<wire::NodeStatus> nodes_by_name(const std::vector<wire::NodeStatus>& nodes);

// Slots granted to a placed job, else slots requested.
int job_slots(const JobRow& job);
int job_slots(const Job& job);

// Slots a placed job holds on `node`; 0 when it holds none there or is not placed.
int slots_on_node(const JobRow& job, const std::string& node);

// Appends one job line up to and including the submit/start column:
// "%7d %7.5f %-10.10s %-12.12s %-5.5s MM/DD/YYYY HH:MM:SS " (66 characters for ids below 10^7).
// Listings of 10,000 jobs append to one string rather than build one per line.
void append_job_line_head(std::string& text, const JobRow& job, const FormatContext& context);

// Appends the end of a job line: "%5d " slots and the ja-task-ID field (`tasks` as it is; 7 blanks
// for a job that is not an array), then the newline.
void append_job_line_tail(std::string& text, int slots, const std::string& tasks = "");

}  // namespace bramble::qstat
