// qstat -r. Layout (Son of Grid Engine 8.1.9, qstat_printing.c): 7 blanks, a label padded to 18
// ("Full jobname:     "), the value; list lines continue under the value (25 blanks); queue and
// predecessor lists are joined with ", ". What users wrote is shown without control characters.
#include "format_requests.hpp"

#include <algorithm>

#include "model/task_id.hpp"
#include "text.hpp"

namespace bramble::qstat {

namespace {

constexpr const char* kIndent = "       ";
constexpr const char* kContinued = "                         ";  // kIndent and an 18-wide label

void append_line(std::string& text, const char* label, const std::string& value) {
    text += kIndent;
    text += strprintf("%-18s", label);
    text += without_controls(value);
    text += '\n';
}

std::string joined(const std::vector<std::string>& items) {
    return without_controls(join(items, ", "));
}

}  // namespace

void append_request_lines(std::string& text, const JobRow& job, const FormatContext& context) {
    append_line(text, "Full jobname:", job.name);
    if (is_placed(job)) append_line(text, "Master Queue:", queue_instance(job, context.queue));
    if (!job.pe.empty()) {
        append_line(text, "Requested PE:", job.pe + " " + std::to_string(job.slots));
        if (is_placed(job))
            append_line(text, "Granted PE:", job.pe + " " + std::to_string(job_slots(job)));
    }
    text += kIndent;
    text += "Hard Resources:   ";
    for (std::size_t i = 0; i < job.hard_resources.size(); ++i) {
        if (i > 0) text += kContinued;
        text += without_controls(job.hard_resources[i]) + " (0.000000)\n";
    }
    if (job.hard_resources.empty()) text += '\n';
    append_line(text, "Soft Resources:", "");
    if (!job.hard_queues.empty())
        text += std::string(kIndent) + "Hard requested queues: " + joined(job.hard_queues) + "\n";
    if (!job.predecessors_requested.empty()) {
        text += std::string(kIndent) +
                "Predecessor Jobs (request): " + joined(job.predecessors_requested) + "\n";
    }
    if (!job.predecessors.empty()) {
        // An array's tasks are one job to Grid Engine: its number once.
        std::vector<std::string> ids;
        for (const JobId id : job.predecessors) {
            const std::string shown = std::to_string(visible_job_id(id));
            if (std::find(ids.begin(), ids.end(), shown) == ids.end()) ids.push_back(shown);
        }
        text += std::string(kIndent) + "Predecessor Jobs: " + join(ids, ", ") + "\n";
    }
    append_line(text, "Binding:", "NONE");
}

}  // namespace bramble::qstat
