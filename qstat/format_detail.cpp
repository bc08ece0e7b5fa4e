// qstat -j. Keys are padded to column 28 ("job_number:" + 17 blanks), except Grid Engine's own
// quirk "parallel environment:  smp range: 4". Per-task keys follow Univa's "%-22s1:" padded to 28,
// so `job_state             1:    r` ends in the state letters, which is what scripts read.
#include "format_detail.hpp"

#include <algorithm>
#include <span>

#include "format_full.hpp"
#include "model/task_id.hpp"
#include "model/task_range.hpp"
#include "model/units.hpp"
#include "text.hpp"

namespace bramble::qstat {

namespace {

constexpr int kValueColumn = 28;

std::string line(const std::string& key, const std::string& value) {
    return strprintf("%-*s%s\n", kValueColumn, (key + ":").c_str(),
                     without_controls(value).c_str());
}

// Per-task keys carry the task number, 1 for a job that is not an array, or the ranges of an
// array's waiting tasks that share the line ("4,7").
std::string task_line(const std::string& key, const std::string& value, const std::string& tasks) {
    const std::string task = tasks + ":";
    return strprintf("%-22s%-5s %s\n", key.c_str(), task.c_str(), without_controls(value).c_str());
}

std::string task_label(JobId id) {
    return std::to_string(is_array_task(id) ? task_number(id) : 1);
}

std::string submit_value(const JobSpec& spec, const std::string& key) {
    const auto found = spec.submit_env.find(key);
    return found == spec.submit_env.end() ? "" : found->second;
}

// h_vmem=2G,h_rt=3600: the -l requests as written, plus memory and walltime when they came from
// a YAML job file and so were never written as -l.
std::string hard_resources(const JobSpec& spec) {
    std::vector<std::string> parts;
    for (const auto& [name, value] : spec.resources)
        parts.push_back(name + "=" + value);
    const bool has_memory = spec.resources.count("h_vmem") || spec.resources.count("mem_free");
    if (spec.memory_per_slot > 0 && !has_memory) {
        parts.push_back("h_vmem=" + format_memory(spec.memory_per_slot));
    }
    if (spec.walltime > 0 && !spec.resources.count("h_rt")) {
        parts.push_back("h_rt=" + std::to_string(spec.walltime));
    }
    if (spec.exclusive && !spec.resources.count("exclusive")) parts.push_back("exclusive=true");
    if (!spec.resources.count("gpio")) {
        for (const auto& line : spec.gpio)
            parts.push_back("gpio=" + line);
    }
    for (const auto& [key, value] : spec.labels)
        parts.push_back(key + "=" + value);
    return join(parts, ",");
}

std::string owner_part(const Job& job, const FormatContext& context) {
    const JobSpec& spec = job.spec;
    std::string text = line("job_number", std::to_string(visible_job_id(job.id)));
    text += line("exec_file", "job_scripts/" + std::to_string(visible_job_id(job.id)));
    text += line("submission_time", ctime_text(context.calendar(job.submit_time)));
    text += line("owner", job.owner.user) + line("uid", std::to_string(job.owner.uid));
    text += line("group", job.owner.group) + line("gid", std::to_string(job.owner.gid));
    const std::pair<const char*, const char*> submit_keys[] = {
        {"sge_o_home", "HOME"},   {"sge_o_log_name", "LOGNAME"}, {"sge_o_path", "PATH"},
        {"sge_o_shell", "SHELL"}, {"sge_o_workdir", "WORKDIR"},
    };
    for (const auto& [key, name] : submit_keys) {
        const std::string value = submit_value(spec, name);
        if (!value.empty()) text += line(key, value);
    }
    if (!spec.submit_host.empty()) text += line("sge_o_host", spec.submit_host);
    return text;
}

std::string request_part(const Job& job) {
    const JobSpec& spec = job.spec;
    std::string text = line("account", spec.account.empty() ? "sge" : spec.account);
    if (!spec.workdir.empty()) text += line("cwd", spec.workdir);
    if (spec.join) text += line("merge", "y");
    const std::string resources = hard_resources(spec);
    if (!resources.empty()) text += line("hard resource_list", resources);
    if (!spec.queue.empty()) text += line("hard_queue_list", spec.queue);
    if (!spec.mail_events.empty()) text += line("mail_options", spec.mail_events);
    if (!spec.mail_list.empty()) {
        text += line("mail_list", join(spec.mail_list, ","));
    } else if (!spec.submit_host.empty()) {
        text += line("mail_list", job.owner.user + "@" + spec.submit_host);
    }
    text += line("notify", "FALSE") + line("job_name", spec.name);
    text += line("priority", std::to_string(spec.priority)) + line("jobshare", "0");
    if (!spec.hold_jids.empty())
        text += line("jid_predecessor_list (req)", join(spec.hold_jids, ","));
    if (!job.waiting_for.empty()) {
        std::vector<std::string> ids;
        for (const JobId id : job.waiting_for)
            ids.push_back(std::to_string(id));
        text += line("jid_predecessor_list", join(ids, ","));
    }
    std::vector<std::string> env;
    for (const auto& [name, value] : spec.env)
        env.push_back(name + "=" + value);
    if (!env.empty()) text += line("env_list", join(env, ","));
    return text;
}

std::string script_part(const Job& job) {
    const JobSpec& spec = job.spec;
    std::vector<std::string> args = spec.args;
    std::string script = spec.script_path;
    if (spec.binary && !args.empty()) {
        script = args.front();
        args.erase(args.begin());
    }
    std::string text;
    if (!args.empty()) text += line("job_args", join(args, ","));
    if (!script.empty()) text += line("script_file", script);
    if (is_array_task(job.id)) {
        text += line("job-array tasks", std::to_string(spec.task_first) + "-" +
                                            std::to_string(spec.task_last) + ":" +
                                            std::to_string(spec.task_step));
    }
    if (!spec.project.empty()) text += line("project", spec.project);
    if (!spec.pe.empty()) {
        const std::string range = spec.slots_max > spec.slots ? std::to_string(spec.slots) + "-" +
                                                                    std::to_string(spec.slots_max)
                                                              : std::to_string(spec.slots);
        text += strprintf("parallel environment:  %s range: %s\n", spec.pe.c_str(), range.c_str());
    }
    return text + line("binding", "set linear:" + std::to_string(std::max(1, spec.slots)));
}

std::string usage_value(const Job& job, const FormatContext& context) {
    if (job.state != JobState::Done) {
        return "wallclock=" + format_duration(context.now - job.start_time);
    }
    const ExitRecord& exit = job.exit;
    const auto cpu = static_cast<std::int64_t>(exit.user_seconds + exit.system_seconds);
    const std::string maxvmem =
        exit.max_rss_kb > 0 ? ge_memory(static_cast<std::uint64_t>(exit.max_rss_kb) * 1024) : "N/A";
    return "wallclock=" + format_duration(static_cast<std::int64_t>(exit.wall_seconds)) +
           ", cpu=" + format_duration(cpu) + ", maxvmem=" + maxvmem;
}

std::string exec_hosts(const Job& job) {
    std::vector<std::string> hosts;
    for (const auto& grant : job.allocation.grants) {
        hosts.push_back(grant.node + ":" + std::to_string(grant.slots()));
    }
    return join(hosts, ",");
}

// Every job is bound to the cores it was granted: "pi01=0,1:pi02=0", logical core indices per
// node; the CPUs they are on that machine are in the job's BRAMBLE_CPUS.
std::string bound_cores(const Job& job) {
    std::vector<std::string> nodes;
    for (const auto& grant : job.allocation.grants) {
        if (grant.cores.empty()) continue;
        std::vector<std::string> cores;
        for (const int core : grant.cores)
            cores.push_back(std::to_string(core));
        nodes.push_back(grant.node + "=" + join(cores, ","));
    }
    return nodes.empty() ? "NONE" : join(nodes, ":");
}

std::string task_part(const Job& job, const FormatContext& context) {
    const std::string letters = state_letters(job);
    const std::string task = task_label(job.id);
    std::string text =
        task_line("job_state", letters.empty() ? std::string(to_string(job.state)) : letters, task);
    const bool ran = job.start_time > 0 && (is_placed(job) || job.state == JobState::Done);
    if (ran) text += task_line("start_time", table_time(context.calendar(job.start_time)), task);
    if (ran && !job.allocation.empty()) text += task_line("exec_host_list", exec_hosts(job), task);
    if (ran) text += task_line("usage", usage_value(job, context), task);
    if (ran && !job.allocation.empty()) text += task_line("binding", bound_cores(job), task);
    if (job.state == JobState::Error && !job.error_reason.empty()) {
        text += task_line("error reason", job.error_reason, task);
    }
    return text;
}

// How each node of a running job holds it to its memory and cores (bramble's own line).
std::string enforcement_part(const wire::JobPlanNote& note) {
    return note.enforcement.empty() ? "" : line("enforcement", note.enforcement);
}

std::string end_part(const Job& job) {
    std::string text;
    if (job.state == JobState::Done) {
        text += line("exit_status", std::to_string(job.exit.exit_status));
        std::string failed = std::to_string(job.exit.failed);
        if (job.exit.failed != 0 && !job.exit.failure.empty()) failed += " : " + job.exit.failure;
        text += line("failed", failed);
    }
    if (job.deleted && !job.deleted_by.empty()) text += line("deleted_by", job.deleted_by);
    return text;
}

// What the last scheduling pass said of a waiting job: its priority, the parts it came from, and
// the start reserved for it.
std::string plan_part(const Job& job, const wire::JobPlanNote& note, const FormatContext& context) {
    if (job.state != JobState::Pending) return "";
    std::string text = line("prio", strprintf("%.5f", note.priority));
    text +=
        line("prio parts", strprintf("priority %.5f, fair share %.5f, waiting %.5f",
                                     note.priority_part, note.fair_share_part, note.waiting_part));
    if (note.reserved_start > 0) {
        text += line("reserved start", table_time(context.calendar(note.reserved_start)));
    }
    return text;
}

// Grid Engine indents continuation lines of the scheduling info to the value column. A reason
// that speaks of a time ("reserved for job 37") gets it in the reader's zone.
std::string scheduling_info(const Job& job, const std::string& reason,
                            const wire::JobPlanNote& note, const FormatContext& context) {
    std::string shown = reason;
    if (!shown.empty() && note.reason_until > 0) {
        shown += " until " + table_time(context.calendar(note.reason_until));
    }
    std::vector<std::string> lines = split(is_waiting(job) ? shown : "", '\n');
    if (lines.empty()) lines.push_back("-");
    std::string text = line("scheduling info", lines.front());
    for (std::size_t i = 1; i < lines.size(); ++i) {
        text += std::string(kValueColumn, ' ') + lines[i] + "\n";
    }
    return text;
}

// An array's tasks in one block, as Grid Engine shows an array: a task on a node or in error with
// its own lines, the waiting tasks of one state on one line under their ranges.
std::string array_task_part(std::span<const Job> tasks, const FormatContext& context) {
    std::string text;
    std::vector<std::pair<std::string, std::vector<int>>> waiting;  // state letters, tasks
    for (const Job& task : tasks) {
        if (!is_waiting(task) || task.state == JobState::Error) {
            text += task_part(task, context);
            continue;
        }
        const std::string letters = state_letters(task);
        auto run = std::find_if(waiting.begin(), waiting.end(),
                                [&](const auto& known) { return known.first == letters; });
        if (run == waiting.end()) run = waiting.insert(run, {letters, {}});
        run->second.push_back(task_number(task.id));
    }
    for (const auto& [letters, numbers] : waiting) {
        text +=
            task_line("job_state", letters, task_range_list(numbers, tasks.front().spec.task_step));
    }
    return text;
}

// The block of an array's tasks (reply.jobs[first, end)). What the tasks share is shown once, of
// the first waiting task (the one the scheduler plans next), or of the first when none waits.
std::string array_detail(const wire::JobDetailReply& reply, std::size_t first, std::size_t end,
                         const FormatContext& context) {
    const std::span<const Job> tasks(reply.jobs.data() + first, end - first);
    std::size_t shown = first;
    while (shown < end && !is_waiting(reply.jobs[shown]))
        ++shown;
    if (shown == end) shown = first;
    const Job& job = reply.jobs[shown];
    const std::string reason =
        shown < reply.pending_reasons.size() ? reply.pending_reasons[shown] : "";
    const wire::JobPlanNote note =
        shown < reply.notes.size() ? reply.notes[shown] : wire::JobPlanNote{};
    std::string enforcement;
    for (std::size_t i = first; i < end && i < reply.notes.size(); ++i) {
        if (is_placed(reply.jobs[i])) enforcement += enforcement_part(reply.notes[i]);
    }
    return std::string(62, '=') + "\n" + owner_part(job, context) + request_part(job) +
           script_part(job) + array_task_part(tasks, context) + enforcement + end_part(job) +
           plan_part(job, note, context) + scheduling_info(job, reason, note, context);
}

// The end of the run of reply.jobs that starts at `first` and is one array's tasks.
std::size_t array_end(const std::vector<Job>& jobs, std::size_t first) {
    std::size_t end = first + 1;
    while (end < jobs.size() && is_array_task(jobs[end].id) &&
           visible_job_id(jobs[end].id) == visible_job_id(jobs[first].id))
        ++end;
    return end;
}

}  // namespace

std::string format_job_detail(const Job& job, const std::string& pending_reason,
                              const FormatContext& context, const wire::JobPlanNote& note) {
    return std::string(62, '=') + "\n" + owner_part(job, context) + request_part(job) +
           script_part(job) + task_part(job, context) + enforcement_part(note) + end_part(job) +
           plan_part(job, note, context) + scheduling_info(job, pending_reason, note, context);
}

std::string format_job_details(const wire::JobDetailReply& reply, const FormatContext& context) {
    std::string text;
    for (std::size_t i = 0; i < reply.jobs.size();) {
        if (is_array_task(reply.jobs[i].id)) {
            const std::size_t end = array_end(reply.jobs, i);
            text += array_detail(reply, i, end, context);
            i = end;
            continue;
        }
        const std::string reason = i < reply.pending_reasons.size() ? reply.pending_reasons[i] : "";
        const wire::JobPlanNote note =
            i < reply.notes.size() ? reply.notes[i] : wire::JobPlanNote{};
        text += format_job_detail(reply.jobs[i], reason, context, note);
        ++i;
    }
    return text;
}

std::string format_missing_jobs(const std::vector<std::string>& missing) {
    if (missing.empty()) return "";
    return "Following jobs do not exist: \n" + join(missing, ", ") + "\n";
}

}  // namespace bramble::qstat
