// qstat: shows jobs as Grid Engine's qstat does. Parses the command line, asks the scheduler,
// hands the reply to the formatters and prints; all layout lives in the formatters.
#include <pwd.h>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "format_cluster_queues.hpp"
#include "format_detail.hpp"
#include "format_ext.hpp"
#include "format_full.hpp"
#include "format_table.hpp"
#include "format_xml.hpp"
#include "options.hpp"
#include "queue_filter.hpp"
#include "scheduler_call.hpp"

namespace bramble::qstat {
namespace {

std::string current_user() {
    const passwd* entry = getpwuid(getuid());
    return entry != nullptr ? entry->pw_name : std::to_string(getuid());
}

int fail(const std::string& message) {
    std::cerr << "error: " << message << "\n";
    return 1;
}

FormatContext local_context() {
    FormatContext context;
    context.now = static_cast<std::int64_t>(std::time(nullptr));
    context.calendar = local_calendar;
    return context;
}

int show_details(const QstatOptions& options) {
    auto reply = ask_scheduler<wire::JobDetailReply>(wire::JobDetailRequest{options.jobs});
    if (!reply) return fail(reply.message());
    if (options.xml) {
        std::cout << format_detail_xml(*reply, local_context());
    } else {
        std::cout << format_job_details(*reply, local_context());
        std::cerr << format_missing_jobs(reply->missing);
    }
    return reply->missing.empty() ? 0 : 1;
}

bool any_placed(const std::vector<JobRow>& jobs) {
    for (const auto& job : jobs) {
        if (is_placed(job)) return true;
    }
    return false;
}

std::string render(const QstatOptions& options, const std::vector<JobRow>& jobs,
                   const std::vector<wire::NodeStatus>& nodes, const FormatContext& context) {
    if (options.cluster_queues) return format_cluster_queues(nodes, context);
    if (options.full) {
        return options.xml ? format_full_xml(jobs, nodes, context)
                           : format_full_listing(jobs, nodes, context);
    }
    if (options.xml) return format_job_xml(jobs, context);
    return options.extended ? format_ext_table(jobs, context) : format_job_table(jobs, context);
}

int show_listing(const QstatOptions& options) {
    auto jobs = ask_scheduler<wire::JobsReply>(
        wire::ListJobsRequest{options.users, options.states, options.extended || options.requests});
    if (!jobs) return fail(jobs.message());
    FormatContext context = local_context();
    context.priority_columns = options.priorities;
    context.resource_lines = options.resources;
    context.request_lines = options.requests;
    context.extended_columns = options.extended;
    std::vector<wire::NodeStatus> nodes;
    // The queue's name (and the nodes, for -f) come from the node listing: ask only when needed.
    if (options.full || options.cluster_queues || !options.queues.empty() ||
        any_placed(jobs->jobs)) {
        auto reply = ask_scheduler<wire::NodesReply>(wire::ListNodesRequest{});
        if (!reply) return fail(reply.message());
        if (!reply->queue.empty()) context.queue = reply->queue;
        nodes = std::move(reply->nodes);
    }
    std::vector<JobRow> listed = std::move(jobs->jobs);
    if (!options.queues.empty()) {
        listed = jobs_in_queues(listed, options.queues, context.queue);
        nodes = nodes_in_queues(nodes, options.queues, context.queue);
    }
    std::cout << render(options, listed, nodes, context);
    return 0;
}

}  // namespace
}  // namespace bramble::qstat

int main(int argc, char** argv) {
    using namespace bramble::qstat;
    const std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_qstat_args(args, current_user());
    if (!options) {
        std::cerr << qstat_usage() << options.message() << "\n";
        return 1;
    }
    if (options->help) {
        std::cout << qstat_usage();
        return 0;
    }
    return options->jobs.empty() ? show_listing(*options) : show_details(*options);
}
