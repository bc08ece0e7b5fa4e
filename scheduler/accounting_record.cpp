// Job -> accounting record. Fields bramble does not track (project, department, mem, io, maxvmem)
// are what Grid Engine writes when they are empty or zero.
#include "accounting_record.hpp"

#include <string>

#include "model/task_id.hpp"

namespace bramble::scheduler {
namespace {

// Grid Engine's job category: the requests that make jobs alike for its scheduler, NONE when
// there are none.
std::string category_of(const JobSpec& spec) {
    std::string text;
    auto add = [&text](const std::string& part) { text += (text.empty() ? "" : " ") + part; };
    if (!spec.resources.empty()) {
        std::string list;
        for (const auto& [name, value] : spec.resources)
            list += (list.empty() ? "" : ",") + name + "=" + value;
        add("-l " + list);
    }
    if (!spec.queue.empty()) add("-q " + spec.queue);
    if (!spec.pe.empty()) add("-pe " + spec.pe + " " + std::to_string(spec.slots));
    return text.empty() ? "NONE" : text;
}

int granted_slots(const Job& job) {
    int slots = 0;
    for (const NodeGrant& grant : job.allocation.grants)
        slots += static_cast<int>(grant.cores.size());
    return slots > 0 ? slots : job.spec.slots;
}

}  // namespace

bool has_accounting(const Job& job) {
    return (job.state == JobState::Done || job.state == JobState::Deleted) &&
           (job.start_time != 0 || job.exit.start_time != 0);
}

wire::AccountingRecord accounting_record(const Job& job, const std::string& queue) {
    const ExitRecord& exit = job.exit;
    wire::AccountingRecord record;
    record.queue = queue;
    record.host = exit.host;
    if (record.host.empty() && !job.allocation.grants.empty())
        record.host = job.allocation.grants.front().node;
    record.group = job.owner.group;
    record.owner = job.owner.user;
    record.name = job.spec.name;
    record.job = visible_job_id(job.id);
    record.task = task_number(job.id);
    record.account = job.spec.account.empty() ? "sge" : job.spec.account;
    record.priority = job.spec.priority;
    record.submit_time = job.submit_time;
    record.start_time = exit.start_time != 0 ? exit.start_time : job.start_time;
    record.end_time = exit.end_time != 0 ? exit.end_time : job.end_time;
    record.failed = exit.failed;
    record.exit_status = exit.exit_status;
    record.signal = exit.signal;
    record.wall_seconds = exit.wall_seconds;
    record.user_seconds = exit.user_seconds;
    record.system_seconds = exit.system_seconds;
    record.max_rss_kb = exit.max_rss_kb;
    record.minor_faults = exit.minor_faults;
    record.major_faults = exit.major_faults;
    record.blocks_in = exit.blocks_in;
    record.blocks_out = exit.blocks_out;
    record.voluntary_switches = exit.voluntary_switches;
    record.involuntary_switches = exit.involuntary_switches;
    record.project = job.spec.project.empty() ? "NONE" : job.spec.project;
    record.pe = job.spec.pe.empty() ? "NONE" : job.spec.pe;
    record.slots = granted_slots(job);
    record.category = category_of(job.spec);
    return record;
}

}  // namespace bramble::scheduler
