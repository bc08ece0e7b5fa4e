// qstat -f. Layout (qstat.c, Son of Grid Engine):
//   header  "%-30.30s" "queuename" + " qtype resv/used/tot. load_avg arch          states"  (81)
//   dashes  81 (as wide as the header), before every queue line
//   queue   "%-30.30s " name, "%-5.5s " qtype, "%-14.14s " "r/u/t ", "%-8.8s " "0.01 " (or
//           "-NA- " without a load), "%-13.13s " "lx-amd64 ", then the state letters (au = down)
//   -F      "\thl:name=value" / "\thc:name=value" lines after the queue line; -f has none
//   jobs    the table's job line without the queue column: head + "%5d " slots + 7 blanks; with
//           -ext the -ext line's head instead (no submit/start), with -r the request lines under it
//   pending a blank line, 76 '#', " - PENDING JOBS - ...", 76 '#', then the pending job lines
#include "format_full.hpp"

#include <algorithm>

#include "format_ext.hpp"
#include "format_requests.hpp"
#include "model/task_id.hpp"
#include "text.hpp"

namespace bramble::qstat {

namespace {

constexpr int kMinQueueWidth = 30;
constexpr std::size_t kHashes = 76;

// The queue column widens for long names, as Grid Engine's longest_queue_length does.
int queue_width(const std::vector<wire::NodeStatus>& nodes, const std::string& queue) {
    std::size_t width = kMinQueueWidth;
    for (const auto& node : nodes)
        width = std::max(width, queue.size() + 1 + node.inventory.name.size());
    return static_cast<int>(width);
}

std::string queue_header(int width) {
    return strprintf("%-*.*s", width, width, "queuename") +
           strprintf(" %-5.5s %-14.14s %-8.8s %-13.13s %s\n", "qtype", "resv/used/tot.", "load_avg",
                     "arch", "states");
}

std::string queue_line(const wire::NodeStatus& node, const std::string& queue, int width) {
    const std::string name = queue + "@" + node.inventory.name;
    const std::string slots = strprintf("0/%d/%d ", node.slots_used, node.inventory.cores);
    const std::string load = node.up ? strprintf("%2.2f ", node.load.load_avg) : "-NA- ";
    const std::string arch = node.inventory.arch.empty() ? "-NA- " : node.inventory.arch + " ";
    // 81 dashes under the default 30-wide queue column: as wide as the header.
    return std::string(static_cast<std::size_t>(81 + width - kMinQueueWidth), '-') + "\n" +
           strprintf("%-*.*s %-5.5s %-14.14s %-8.8s %-13.13s %s\n", width, width, name.c_str(),
                     "BIP", slots.c_str(), load.c_str(), arch.c_str(), queue_states(node).c_str());
}

std::string memory_lines(const wire::NodeStatus& node) {
    std::string text = "\thl:mem_total=" + ge_memory(node.inventory.memory) + "\n";
    if (node.up) text += "\thl:mem_used=" + ge_memory(node.load.memory_used) + "\n";
    return text + "\thc:mem_free=" + ge_memory(unreserved_memory(node)) + "\n";
}

// A job line of -f's listing (the job's slots on this queue instance, or all of them when it
// waits), and what -ext and -r add to it.
void append_job(std::string& text, const JobRow& job, int slots, const std::string& tasks,
                const FormatContext& context) {
    if (context.extended_columns) {
        append_ext_line_head(text, job);
    } else {
        append_job_line_head(text, job, context);
    }
    append_job_line_tail(text, slots, tasks);
    if (context.request_lines) append_request_lines(text, job, context);
}

std::string pending_banner() {
    return "\n" + std::string(kHashes, '#') + "\n" +
           " - PENDING JOBS - PENDING JOBS - PENDING JOBS - PENDING JOBS - PENDING JOBS\n" +
           std::string(kHashes, '#') + "\n";
}

}  // namespace

std::string ge_memory(std::uint64_t bytes) {
    double value = static_cast<double>(bytes);
    const char* unit = "";
    if (value >= 1024.0 * 1024 * 1024) {
        value /= 1024.0 * 1024 * 1024;
        unit = "G";
    } else if (value >= 1024.0 * 1024) {
        value /= 1024.0 * 1024;
        unit = "M";
    } else if (value >= 1024.0) {
        value /= 1024.0;
        unit = "K";
    }
    return strprintf("%.1f%s", value, unit);
}

std::string queue_states(const wire::NodeStatus& node) {
    std::string states = node.up ? "" : "a";
    if (node.disabled) states += 'd';
    if (!node.up) states += 'u';
    if (node.up && !node.error.empty()) states += 'E';
    return states;
}

std::uint64_t unreserved_memory(const wire::NodeStatus& node) {
    const std::uint64_t total = node.inventory.memory;
    return total > node.memory_reserved ? total - node.memory_reserved : 0;
}

std::string format_full_listing(const std::vector<JobRow>& jobs,
                                const std::vector<wire::NodeStatus>& nodes,
                                const FormatContext& context) {
    const JobList listed = listing_order(jobs, context.queue);
    const std::vector<wire::NodeStatus> sorted = nodes_by_name(nodes);
    const int width = queue_width(sorted, context.queue);
    std::string text = sorted.empty() ? "" : queue_header(width);
    for (const auto& node : sorted) {
        text += queue_line(node, context.queue, width);
        if (context.resource_lines) text += memory_lines(node);
        for (const JobRow& job : listed) {
            const int slots = slots_on_node(job, node.inventory.name);
            if (slots <= 0) continue;
            append_job(text, job, slots,
                       is_array_task(job.id) ? std::to_string(task_number(job.id)) : "", context);
        }
    }
    bool banner = false;
    for (const auto& [row, tasks] : merge_waiting_tasks(listed)) {
        const JobRow& job = row;
        if (!is_waiting(job)) continue;
        if (!banner) text += pending_banner();
        banner = true;
        append_job(text, job, job_slots(job), tasks, context);
    }
    return text;
}

}  // namespace bramble::qstat
