// check_job_spec (see spec_check.hpp): one small check per group of fields, cheapest first.
#include "jobscript/spec_check.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "jobscript/mail_options.hpp"
#include "jobscript/names.hpp"
#include "jobscript/node_pattern.hpp"
#include "jobscript/values.hpp"
#include "model/task_id.hpp"

namespace bramble::jobscript {

namespace {

std::string number(std::int64_t value) {
    return std::to_string(value);
}

Error out_of_range(const std::string& what, std::int64_t value, const std::string& valid) {
    return make_error(what + " " + number(value) + " is out of range: " + valid);
}

// Text a person reads in qstat -j (paths, values): no control characters, bounded.
Status check_text(const std::string& what, std::string_view text, std::size_t most) {
    if (text.size() > most) {
        return make_error(what + " " + quoted_printable(text.substr(0, 40)) + "... is " +
                          number(static_cast<std::int64_t>(text.size())) +
                          " bytes long; the most is " + number(static_cast<std::int64_t>(most)));
    }
    if (const auto bad = first_unprintable(text); bad != std::string_view::npos) {
        return make_error(what + " " + quoted_printable(text) +
                          " contains a control character or a byte that is not text (position " +
                          number(static_cast<std::int64_t>(bad + 1)) + ")");
    }
    return ok_status();
}

// A path the shepherd opens for the job: empty (the default) or absolute, as text.
Status check_absolute_path(const std::string& what, const std::string& path) {
    if (path.empty()) return ok_status();
    if (auto ok = check_text(what, path, kMaxPathBytes); !ok) return ok;
    if (path.front() != '/') {
        return make_error(what + " " + quoted_printable(path) + " is not an absolute path");
    }
    return ok_status();
}

Status check_optional_name(const std::string& what, const std::string& name) {
    return name.empty() ? ok_status() : check_name(what, name);
}

Status check_names(const JobSpec& spec) {
    if (auto ok = check_name("job name", spec.name); !ok) return ok;
    if (auto ok = check_optional_name("parallel environment", spec.pe); !ok) return ok;
    if (auto ok = check_optional_name("queue", spec.queue); !ok) return ok;
    if (auto ok = check_optional_name("account", spec.account); !ok) return ok;
    return check_optional_name("project", spec.project);
}

Status check_numbers(const JobSpec& spec) {
    if (spec.priority < kMinPriority || spec.priority > kMaxPriority) {
        return out_of_range("priority", spec.priority,
                            "priorities are " + number(kMinPriority) + ".." + number(kMaxPriority));
    }
    const std::string slots = "slots are 1.." + number(kMaxSlots);
    if (spec.slots < 1 || spec.slots > kMaxSlots) return out_of_range("slots", spec.slots, slots);
    if (spec.slots_max != 0 && (spec.slots_max < spec.slots || spec.slots_max > kMaxSlots)) {
        return out_of_range("slots_max", spec.slots_max,
                            "the most slots is 0 (exactly slots) or from slots (" +
                                number(spec.slots) + ") to " + number(kMaxSlots));
    }
    if (spec.walltime < 0 || spec.walltime > kMaxWalltime) {
        return out_of_range("walltime", spec.walltime,
                            "seconds from 1 to " + number(kMaxWalltime) +
                                " (ten years), or 0 for the queue's default");
    }
    for (const auto& [what, bytes] : {std::pair{"memory_per_slot", spec.memory_per_slot},
                                      std::pair{"memory_per_job", spec.memory_per_job}}) {
        if (bytes > kMaxMemory) {
            return make_error(std::string(what) + " " + std::to_string(bytes) +
                              " bytes is out of range: at most 1P (" + std::to_string(kMaxMemory) +
                              " bytes), or 0 for none");
        }
    }
    if (spec.max_running_tasks < 0) {
        return out_of_range("max_running_tasks", spec.max_running_tasks,
                            "at least 1, or 0 for no limit");
    }
    return ok_status();
}

Status check_tasks(const JobSpec& spec) {
    if (spec.task_first == 0) return ok_status();
    const std::string range =
        number(spec.task_first) + "-" + number(spec.task_last) + ":" + number(spec.task_step);
    if (spec.task_first < 1 || spec.task_last < spec.task_first ||
        spec.task_last > kMaxTaskNumber || spec.task_step < 1) {
        return make_error("task range " + range + " is out of range: 1 <= first <= last <= " +
                          number(kMaxTaskNumber) + " and step >= 1");
    }
    if (task_count(spec) > kMaxArrayTasks) {
        return make_error("task range " + range + " has " + number(task_count(spec)) +
                          " tasks; an array job may have at most " + number(kMaxArrayTasks) +
                          " (Grid Engine's max_aj_tasks)");
    }
    return ok_status();
}

Status check_what_runs(const JobSpec& spec) {
    if (spec.binary && spec.args.empty()) {
        return make_error("a binary job (-b y) needs a command; args is empty");
    }
    if (spec.script.size() > kMaxScriptBytes) {
        return make_error("the script is " + number(static_cast<std::int64_t>(spec.script.size())) +
                          " bytes; a job script may be at most 4 MiB (" + number(kMaxScriptBytes) +
                          " bytes): copy large data next to it");
    }
    if (const auto nul = spec.script.find('\0'); nul != std::string::npos) {
        return make_error("the script contains a NUL byte (position " +
                          number(static_cast<std::int64_t>(nul + 1)) +
                          "); to run a program directly use -b y");
    }
    if (spec.args.size() > kMaxArgs) {
        return make_error("the job has " + number(static_cast<std::int64_t>(spec.args.size())) +
                          " arguments; the most is " + number(kMaxArgs));
    }
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < spec.args.size(); ++i) {
        bytes += spec.args[i].size() + 1;
        if (spec.args[i].find('\0') != std::string::npos) {
            return make_error("argument " + number(static_cast<std::int64_t>(i + 1)) +
                              " contains a NUL byte, which no program can receive");
        }
    }
    if (bytes > kMaxArgBytes) {
        return make_error("the job's arguments take " + number(static_cast<std::int64_t>(bytes)) +
                          " bytes; the most is 1 MiB (" + number(kMaxArgBytes) + ")");
    }
    // Only shown (qstat -j's script_file): nothing opens it.
    if (auto ok = check_text("script path", spec.script_path, kMaxPathBytes); !ok) return ok;
    if (auto ok = check_absolute_path("shell (-S)", spec.shell); !ok) return ok;
    if (auto ok = check_absolute_path("working directory", spec.workdir); !ok) return ok;
    // -o and -e may be relative to the working directory and may name $JOB_ID etc.
    if (auto ok = check_text("output path (-o)", spec.stdout_path, kMaxPathBytes); !ok) return ok;
    return check_text("error path (-e)", spec.stderr_path, kMaxPathBytes);
}

Status check_environment(const std::vector<std::pair<std::string, std::string>>& env,
                         std::size_t most, const std::string& what) {
    if (env.size() > most) {
        return make_error(what + " has " + number(static_cast<std::int64_t>(env.size())) +
                          " variables; the most is " + number(static_cast<std::int64_t>(most)));
    }
    std::size_t bytes = 0;
    for (const auto& [name, value] : env) {
        if (auto ok = check_env_name(name); !ok) return make_error(what + ": " + ok.message());
        if (value.find('\0') != std::string::npos) {
            return make_error(what + ": the value of " + name + " contains a NUL byte");
        }
        bytes += name.size() + value.size() + 2;
    }
    if (bytes > kMaxEnvBytes) {
        return make_error(what + " takes " + number(static_cast<std::int64_t>(bytes)) +
                          " bytes; the most is 1 MiB (" + number(kMaxEnvBytes) + ")");
    }
    return ok_status();
}

Status check_requests(const std::string& what, const std::map<std::string, std::string>& items) {
    if (items.size() > kMaxListItems) {
        return make_error(what + " has " + number(static_cast<std::int64_t>(items.size())) +
                          " entries; the most is " + number(kMaxListItems));
    }
    for (const auto& [name, value] : items) {
        if (auto ok = check_name(what + " name", name); !ok) return ok;
        if (value.empty()) return make_error(what + " " + name + " has an empty value");
        if (auto ok = check_text(what + " " + name, value, kMaxValueBytes); !ok) return ok;
    }
    return ok_status();
}

Status check_list(const std::string& what, const std::vector<std::string>& items,
                  Status (*check)(std::string_view)) {
    if (items.size() > kMaxListItems) {
        return make_error(what + " has " + number(static_cast<std::int64_t>(items.size())) +
                          " entries; the most is " + number(kMaxListItems));
    }
    for (const auto& item : items) {
        if (auto ok = check(item); !ok) return make_error(what + ": " + ok.message());
    }
    return ok_status();
}

Status check_dependency(std::string_view item) {
    if (item.empty()) return make_error("an empty job id or name");
    return check_text("job id or name", item, kMaxValueBytes);
}

Status check_placement(const JobSpec& spec) {
    if (auto ok = check_requests("resource", spec.resources); !ok) return ok;
    if (auto ok = check_requests("per-job resource", spec.job_resources); !ok) return ok;
    if (auto ok = check_requests("label", spec.labels); !ok) return ok;
    if (auto ok = check_list("node patterns", spec.nodes, check_node_pattern); !ok) return ok;
    if (auto ok = check_list("GPIO lines", spec.gpio, check_gpio_line_name); !ok) return ok;
    if (auto ok = check_list("-hold_jid", spec.hold_jids, check_dependency); !ok) return ok;
    if (auto ok = check_list("after", spec.after_ok, check_dependency); !ok) return ok;
    // after_ok marks entries of hold_jids; an entry of its own would be waited for by nobody.
    for (const auto& item : spec.after_ok) {
        if (std::find(spec.hold_jids.begin(), spec.hold_jids.end(), item) == spec.hold_jids.end()) {
            return make_error("after: " + quoted_printable(item) +
                              " is not among the jobs waited for (-hold_jid)");
        }
    }
    return check_list("-hold_jid_ad", spec.hold_jids_by_task, check_dependency);
}

// An immediate job starts at the next pass or not at all: on hold, or as many tasks, it could only
// be deleted.
Status check_immediate(const JobSpec& spec) {
    if (!spec.immediate) return ok_status();
    if (spec.hold) {
        return make_error(
            "-now y: an immediate job starts at once or not at all, so it cannot be "
            "submitted on hold (-h)");
    }
    if (spec.task_first > 0) {
        return make_error(
            "-now y: an immediate job cannot be an array job (-t); submit its tasks "
            "as separate immediate jobs");
    }
    return ok_status();
}

Status check_mail(const JobSpec& spec) {
    if (auto ok = check_mail_events(spec.mail_events); !ok) return ok;
    if (spec.mail_list.size() > kMaxMailAddresses) {
        return make_error("-M has " + number(static_cast<std::int64_t>(spec.mail_list.size())) +
                          " addresses; the most is " +
                          number(static_cast<std::int64_t>(kMaxMailAddresses)));
    }
    for (const auto& address : spec.mail_list) {
        if (auto ok = check_mail_address(address); !ok) return make_error("-M: " + ok.message());
    }
    return ok_status();
}

Status check_submit_side(const JobSpec& spec) {
    if (auto ok = check_text("submit host", spec.submit_host, kMaxNameBytes); !ok) return ok;
    const std::vector<std::pair<std::string, std::string>> submit_env(spec.submit_env.begin(),
                                                                      spec.submit_env.end());
    return check_environment(submit_env, 16, "the submit environment");
}

}  // namespace

int task_count(const JobSpec& spec) {
    if (spec.task_first <= 0 || spec.task_step < 1 || spec.task_last < spec.task_first) return 1;
    return (spec.task_last - spec.task_first) / spec.task_step + 1;
}

Status check_job_spec(const JobSpec& spec) {
    if (!spec.rerun.empty() && spec.rerun != "y" && spec.rerun != "n") {
        return make_error("rerun " + quoted_printable(spec.rerun) +
                          " is not y, n or empty (the queue's default)");
    }
    if (auto ok = check_names(spec); !ok) return ok;
    if (auto ok = check_numbers(spec); !ok) return ok;
    if (auto ok = check_tasks(spec); !ok) return ok;
    if (auto ok = check_what_runs(spec); !ok) return ok;
    if (auto ok = check_environment(spec.env, kMaxEnvVars, "the job environment"); !ok) return ok;
    if (auto ok = check_placement(spec); !ok) return ok;
    if (auto ok = check_immediate(spec); !ok) return ok;
    if (auto ok = check_mail(spec); !ok) return ok;
    return check_submit_side(spec);
}

}  // namespace bramble::jobscript
