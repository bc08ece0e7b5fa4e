// qstat's XML. Indentation follows Son of Grid Engine's output (two spaces per level) so that
// diffs against a real Grid Engine stay readable; parsers do not depend on it.
#include "format_xml.hpp"

#include <algorithm>

#include "format_full.hpp"
#include "model/task_id.hpp"
#include "text.hpp"

namespace bramble::qstat {

namespace {

constexpr const char* kSchemas =
    "http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/schemas/";

std::string element(const std::string& indent, const std::string& name, const std::string& value) {
    return indent + "<" + name + ">" + xml_escape(value) + "</" + name + ">\n";
}

// An element with one attribute: <name key="value">text</name>.
std::string attributed(const std::string& indent, const std::string& name,
                       const std::string& attribute, const std::string& text) {
    return indent + "<" + name + " " + attribute + ">" + xml_escape(text) + "</" + name + ">\n";
}

// -ext's elements after the state, in Grid Engine's order (qstat_xml.c): no usage while the
// execd reports none, and bramble has no tickets.
std::string extended_elements(const std::string& inner) {
    std::string text;
    for (const char* name :
         {"tickets", "JB_override_tickets", "JB_jobshare", "otickets", "ftickets", "stickets"})
        text += element(inner, name, "0");
    return text + element(inner, "JAT_share", strprintf("%.5f", 0.0));
}

// -r's elements at the end of a job_list, in the order of the text's lines (format_requests.hpp).
std::string request_elements(const JobRow& job, const std::string& inner) {
    std::string text = element(inner, "full_job_name", job.name);
    if (!job.pe.empty()) {
        const std::string pe = "name=\"" + xml_escape(job.pe) + "\"";
        text += attributed(inner, "requested_pe", pe, std::to_string(job.slots));
        if (is_placed(job))
            text += attributed(inner, "granted_pe", pe, std::to_string(job_slots(job)));
    }
    for (const auto& request : job.hard_resources) {
        const auto equals = request.find('=');
        const std::string name = request.substr(0, equals);
        const std::string value = equals == std::string::npos ? "" : request.substr(equals + 1);
        text += attributed(inner, "hard_request",
                           "name=\"" + xml_escape(name) + "\" resource_contribution=\"0.000000\"",
                           value);
    }
    for (const auto& queue : job.hard_queues)
        text += element(inner, "hard_req_queue", queue);
    for (const auto& predecessor : job.predecessors_requested)
        text += element(inner, "predecessor_jobs_req", predecessor);
    std::vector<JobId> shown;
    for (const JobId id : job.predecessors) {
        // An array's tasks are one job to Grid Engine: its number once.
        if (std::find(shown.begin(), shown.end(), visible_job_id(id)) != shown.end()) continue;
        shown.push_back(visible_job_id(id));
        text += element(inner, "predecessor_jobs", std::to_string(shown.back()));
    }
    return text + element(inner, "binding", "NONE");
}

// One <job_list>. queue_name is left out inside a Queue-List, where the queue is the parent.
// `tasks` is an array line's ja-task-ID text (merge_waiting_tasks), "" for a plain job.
std::string job_list(const JobRow& job, int slots, bool with_queue, const std::string& indent,
                     const FormatContext& context, const std::string& tasks) {
    const bool placed = is_placed(job);
    const bool extended = context.extended_columns;
    const std::string inner = indent + "  ";
    std::string text = indent + "<job_list state=\"" + (placed ? "running" : "pending") + "\">\n";
    text += element(inner, "JB_job_number", std::to_string(visible_job_id(job.id)));
    text += element(inner, "JAT_prio", strprintf("%.5f", ge_priority(job)));
    if (extended) text += element(inner, "JAT_ntix", strprintf("%.5f", job.fair_share_part));
    text += element(inner, "JB_name", job.name);
    text += element(inner, "JB_owner", job.user);
    if (extended) {
        text += element(inner, "JB_project", job.project);
        text += element(inner, "JB_department", "defaultdepartment");
    }
    text += element(inner, "state", state_letters(job));
    if (extended) {
        text += extended_elements(inner);
    } else if (placed && job.start_time > 0) {
        text += element(inner, "JAT_start_time", xml_time(context.calendar(job.start_time)));
    } else {
        text += element(inner, "JB_submission_time", xml_time(context.calendar(job.submit_time)));
    }
    if (with_queue) text += element(inner, "queue_name", queue_instance(job, context.queue));
    text += element(inner, "slots", std::to_string(slots));
    if (!tasks.empty()) text += element(inner, "tasks", tasks);
    if (context.request_lines) text += request_elements(job, inner);
    return text + indent + "</job_list>\n";
}

// A running array task's <tasks>: its number.
std::string running_task(const JobRow& job) {
    return is_array_task(job.id) ? std::to_string(task_number(job.id)) : "";
}

std::string document_start() {
    return std::string("<?xml version='1.0'?>\n<job_info  xmlns:xsd=\"") + kSchemas +
           "qstat/qstat.xsd\">\n";
}

std::string pending_part(const JobList& listed, const FormatContext& context) {
    std::string text = "  <job_info>\n";
    // An array's waiting tasks are one <job_list> with their ranges, as in qstat's table.
    for (const auto& [row, tasks] : merge_waiting_tasks(listed)) {
        const JobRow& job = row;
        if (is_waiting(job)) text += job_list(job, job_slots(job), true, "    ", context, tasks);
    }
    return text + "  </job_info>\n</job_info>\n";
}

std::string resource(const std::string& name, const std::string& type, const std::string& value) {
    return "      <resource name=\"" + name + "\" type=\"" + type + "\">" + xml_escape(value) +
           "</resource>\n";
}

std::string queue_list_head(const wire::NodeStatus& node, const std::string& queue) {
    const std::string indent = "      ";
    std::string text = "    <Queue-List>\n";
    text += element(indent, "name", queue + "@" + node.inventory.name);
    text += element(indent, "qtype", "BIP");
    text += element(indent, "slots_used", std::to_string(node.slots_used));
    text += element(indent, "slots_resv", "0");
    text += element(indent, "slots_total", std::to_string(node.inventory.cores));
    if (node.up) text += element(indent, "load_avg", strprintf("%.5f", node.load.load_avg));
    text += element(indent, "arch", node.inventory.arch);
    if (const std::string states = queue_states(node); !states.empty())
        text += element(indent, "state", states);
    text += resource("mem_total", "hl", ge_memory(node.inventory.memory));
    if (node.up) text += resource("mem_used", "hl", ge_memory(node.load.memory_used));
    return text + resource("mem_free", "hc", ge_memory(unreserved_memory(node)));
}

std::string detail_element(const Job& job, const FormatContext& context) {
    const std::string indent = "      ";
    std::string text = "    <element>\n";
    text += element(indent, "JB_job_number", std::to_string(visible_job_id(job.id)));
    text += element(indent, "JB_job_name", job.spec.name);
    text += element(indent, "JB_owner", job.owner.user);
    text += element(indent, "JB_uid", std::to_string(job.owner.uid));
    text += element(indent, "JB_group", job.owner.group);
    text += element(indent, "JB_gid", std::to_string(job.owner.gid));
    text += element(indent, "JB_submission_time", std::to_string(job.submit_time));
    text += element(indent, "JB_account", job.spec.account.empty() ? "sge" : job.spec.account);
    text += element(indent, "state", state_letters(job));
    if (is_placed(job)) text += element(indent, "queue_name", queue_instance(job, context.queue));
    text += element(indent, "slots", std::to_string(job_slots(job)));
    return text + "    </element>\n";
}

}  // namespace

std::string format_detail_xml(const wire::JobDetailReply& reply, const FormatContext& context) {
    std::string text = "<?xml version='1.0'?>\n";
    if (reply.jobs.empty()) {
        text += std::string("<unknown_jobs  xmlns:xsd=\"") + kSchemas +
                "qstat/detailed_job_info.xsd\">\n";
        for (const auto& id : reply.missing)
            text += "  <element>\n" + element("    ", "ST_name", id) + "  </element>\n";
        return text + "</unknown_jobs>\n";
    }
    text += std::string("<detailed_job_info  xmlns:xsd=\"") + kSchemas +
            "qstat/detailed_job_info.xsd\">\n  <djob_info>\n";
    // An array is one element, as in qstat -j's text.
    for (std::size_t i = 0; i < reply.jobs.size(); ++i) {
        const Job& job = reply.jobs[i];
        const bool same_array = i > 0 && is_array_task(job.id) &&
                                is_array_task(reply.jobs[i - 1].id) &&
                                visible_job_id(job.id) == visible_job_id(reply.jobs[i - 1].id);
        if (!same_array) text += detail_element(job, context);
    }
    return text + "  </djob_info>\n</detailed_job_info>\n";
}

std::string format_job_xml(const std::vector<JobRow>& jobs, const FormatContext& context) {
    const JobList listed = listing_order(jobs, context.queue);
    std::string text = document_start() + "  <queue_info>\n";
    for (const JobRow& job : listed) {
        if (is_placed(job))
            text += job_list(job, job_slots(job), true, "    ", context, running_task(job));
    }
    return text + "  </queue_info>\n" + pending_part(listed, context);
}

std::string format_full_xml(const std::vector<JobRow>& jobs,
                            const std::vector<wire::NodeStatus>& nodes,
                            const FormatContext& context) {
    const JobList listed = listing_order(jobs, context.queue);
    const std::vector<wire::NodeStatus> sorted = nodes_by_name(nodes);
    std::string text = document_start() + "  <queue_info>\n";
    for (const auto& node : sorted) {
        text += queue_list_head(node, context.queue);
        for (const JobRow& job : listed) {
            const int slots = slots_on_node(job, node.inventory.name);
            if (slots > 0)
                text += job_list(job, slots, false, "      ", context, running_task(job));
        }
        text += "    </Queue-List>\n";
    }
    return text + "  </queue_info>\n" + pending_part(listed, context);
}

}  // namespace bramble::qstat
