// The YAML job key table (see yaml_keys.hpp). Values are checked with the same functions the qsub
// options use (values.hpp, job_shape.hpp, node_pattern.hpp, requests.hpp), so `slots: 0` and
// `-pe smp 0` are refused alike.
#include "jobscript/yaml_keys.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "jobscript/env_list.hpp"
#include "jobscript/job_shape.hpp"
#include "jobscript/node_pattern.hpp"
#include "jobscript/qsub_flags.hpp"
#include "jobscript/requests.hpp"
#include "jobscript/spec_check.hpp"
#include "jobscript/values.hpp"

namespace bramble::jobscript {

namespace {

using Context = YamlContext;
using Node = YAML::Node;

Status set_command(Context& c, const Node& node) {
    if (node.IsSequence()) {
        auto argv = text_list(c, node);
        if (!argv) return argv.error();
        if (argv->empty() || argv->front().empty()) return make_error("the command list is empty");
        c.spec.binary = true;
        c.spec.args = std::move(*argv);
        return ok_status();
    }
    auto line = scalar(node, "a string or a list of strings");
    if (!line) return line.error();
    if (line->empty()) return make_error("must not be empty");
    c.spec.script = *line + "\n";
    return ok_status();
}

Status set_script(Context& c, const Node& node) {
    if (auto ok = set_text(node, c.spec.script); !ok) return ok;
    if (!c.spec.script.ends_with('\n')) c.spec.script += '\n';
    return ok_status();
}

// `slots: 4`, `slots: 2-8` or `slots: 2-`. A leading '-' is refused here (unlike -pe's -M), since
// `slots: -3` in a file is far likelier a typo than a range.
Status set_slots(Context& c, const Node& node) {
    auto value = scalar(node, "a positive integer or a range such as 2-8");
    if (!value) return value.error();
    if (value->find('-', 1) == std::string::npos) {
        auto slots = parse_slots(*value);
        if (!slots) return slots.error();
        c.spec.slots = *slots;
        c.spec.slots_max = 0;
        return ok_status();
    }
    auto range = parse_slot_range(*value);
    if (!range) return range.error();
    c.spec.slots = range->min;
    c.spec.slots_max = range->max;
    return ok_status();
}

Status set_memory(const Node& node, std::uint64_t& field) {
    auto value = scalar(node, "a size such as 2G");
    if (!value) return value.error();
    auto bytes = parse_positive_memory(*value);
    if (!bytes) return bytes.error();
    field = *bytes;
    return ok_status();
}

Status set_walltime(Context& c, const Node& node) {
    auto value = scalar(node, "a time such as 4:00:00 or a number of seconds");
    if (!value) return value.error();
    auto seconds = parse_positive_duration(*value);
    if (!seconds) return seconds.error();
    c.spec.walltime = *seconds;
    return ok_status();
}

Status set_priority(Context& c, const Node& node) {
    auto value = scalar(node, "a whole number");
    if (!value) return value.error();
    auto priority = parse_priority(*value);
    if (!priority) return priority.error();
    c.spec.priority = *priority;
    return ok_status();
}

Status set_env_entry(Context& c, const std::string& name, const std::string& value) {
    if (auto ok = check_env_name(name); !ok) return ok;
    return merge_env(c.spec.env, {{name, value}});
}

Status set_resource_entry(Context& c, const std::string& name, const std::string& value) {
    return apply_resource_list(c.spec, name + "=" + value);
}

// Label and per-job resource names are compared with the cluster config's, so they keep to
// the characters a config key can hold without quoting.
Status check_name_and_value(const std::string& name, const std::string& value) {
    const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '.' ||
               ch == '-';
    });
    if (!valid) {
        return make_error("'" + name + "' is not a name (letters, digits, '_', '.' and '-')");
    }
    if (value.empty()) return make_error(name + " needs a value");
    return ok_status();
}

Status set_label_entry(Context& c, const std::string& name, const std::string& value) {
    if (auto ok = check_name_and_value(name, value); !ok) return ok;
    c.spec.labels[name] = value;
    return ok_status();
}

Status set_job_resource_entry(Context& c, const std::string& name, const std::string& value) {
    if (auto ok = check_name_and_value(name, value); !ok) return ok;
    c.spec.job_resources[name] = value;
    return ok_status();
}

Status set_node(Context& c, const Node& node) {
    std::string pattern;
    if (auto ok = set_text(node, pattern); !ok) return ok;
    if (auto ok = check_node_pattern(pattern); !ok) return ok;
    c.spec.nodes = {pattern};
    return ok_status();
}

Status set_nodes(Context& c, const Node& node) {
    auto patterns = one_or_list(c, node);
    if (!patterns) return patterns.error();
    for (const auto& pattern : *patterns) {
        if (auto ok = check_node_pattern(pattern); !ok) return ok;
    }
    c.spec.nodes = std::move(*patterns);
    return ok_status();
}

Status set_gpio(Context& c, const Node& node) {
    auto lines = one_or_list(c, node);
    if (!lines) return lines.error();
    for (const auto& line : *lines) {
        if (auto ok = check_gpio_line_name(line); !ok) return ok;
        if (std::find(c.spec.gpio.begin(), c.spec.gpio.end(), line) == c.spec.gpio.end()) {
            c.spec.gpio.push_back(line);
        }
    }
    return ok_status();
}

Status set_array(Context& c, const Node& node) {
    auto value = scalar(node, "a task range such as 1-100 or 1-100:2");
    if (!value) return value.error();
    auto range = parse_task_range(*value);
    if (!range) return range.error();
    c.spec.task_first = range->first;
    c.spec.task_last = range->last;
    c.spec.task_step = range->step;
    return ok_status();
}

Status set_max_running_tasks(Context& c, const Node& node) {
    auto value = scalar(node, "a positive integer");
    if (!value) return value.error();
    auto most = parse_max_running_tasks(*value);
    if (!most) return most.error();
    c.spec.max_running_tasks = *most;
    return ok_status();
}

Status set_holds(Context& c, const Node& node, std::vector<std::string>& field) {
    auto items = one_or_list(c, node);
    if (!items) return items.error();
    for (const auto& item : *items) {
        if (auto ok = add_hold_list(field, item); !ok) return ok;
    }
    return ok_status();
}

struct Key {
    std::string_view name;
    YamlKeyHandler handle;
};

constexpr Key kKeys[] = {
    {"name",
     [](Context& c, const Node& n) -> Status {
         if (auto ok = set_text(n, c.spec.name); !ok) return ok;
         return check_job_name(c.spec.name);
     }},
    {"command", set_command},
    {"script", set_script},
    {"args",
     [](Context& c, const Node& n) -> Status {
         auto args = text_list(c, n);
         if (!args) return args.error();
         c.spec.args.insert(c.spec.args.end(), args->begin(), args->end());
         return ok_status();
     }},
    {"shell", [](Context& c, const Node& n) { return set_text(n, c.spec.shell); }},
    {"workdir",
     [](Context& c, const Node& n) -> Status {
         auto dir = text(n);
         if (!dir) return dir.error();
         c.spec.workdir = absolute_path(*dir, c.cwd);
         return ok_status();
     }},
    {"cwd", [](Context& c, const Node& n) { return set_bool(n, c.submit_dir); }},
    {"slots", set_slots},
    {"pe", [](Context& c, const Node& n) { return set_text(n, c.spec.pe); }},
    {"memory", [](Context& c, const Node& n) { return set_memory(n, c.spec.memory_per_slot); }},
    {"memory_per_job",
     [](Context& c, const Node& n) { return set_memory(n, c.spec.memory_per_job); }},
    {"walltime", set_walltime},
    {"output", [](Context& c, const Node& n) { return set_text(n, c.spec.stdout_path); }},
    {"error", [](Context& c, const Node& n) { return set_text(n, c.spec.stderr_path); }},
    {"join", [](Context& c, const Node& n) { return set_bool(n, c.spec.join); }},
    {"env",
     [](Context& c, const Node& n) -> Status {
         if (n.IsMap() && n.size() > kMaxEnvVars) {
             return make_error("names " + std::to_string(n.size()) +
                               " variables; a job may have at most " + std::to_string(kMaxEnvVars));
         }
         return for_each_entry(c, n, set_env_entry);
     }},
    {"resources",
     [](Context& c, const Node& n) { return for_each_entry(c, n, set_resource_entry); }},
    {"resources_per_job",
     [](Context& c, const Node& n) { return for_each_entry(c, n, set_job_resource_entry); }},
    {"labels", [](Context& c, const Node& n) { return for_each_entry(c, n, set_label_entry); }},
    {"node", set_node},
    {"nodes", set_nodes},
    {"exclusive", [](Context& c, const Node& n) { return set_bool(n, c.spec.exclusive); }},
    {"gpio", set_gpio},
    {"queue", [](Context& c, const Node& n) { return set_text(n, c.spec.queue); }},
    {"array", set_array},
    {"max_running_tasks", set_max_running_tasks},
    // after: waits as -hold_jid does, and the jobs named must also end well.
    {"after",
     [](Context& c, const Node& n) -> Status {
         if (auto ok = set_holds(c, n, c.spec.after_ok); !ok) return ok;
         return set_holds(c, n, c.spec.hold_jids);
     }},
    {"after_each_task",
     [](Context& c, const Node& n) { return set_holds(c, n, c.spec.hold_jids_by_task); }},
    {"hold", [](Context& c, const Node& n) { return set_bool(n, c.spec.hold); }},
    {"rerun",
     [](Context& c, const Node& n) -> Status {
         bool rerun = false;
         if (auto set = set_bool(n, rerun); !set) return set;
         c.spec.rerun = rerun ? "y" : "n";
         return ok_status();
     }},
    {"priority", set_priority},
    {"account", [](Context& c, const Node& n) { return set_text(n, c.spec.account); }},
    {"project", [](Context& c, const Node& n) { return set_text(n, c.spec.project); }},
};

}  // namespace

YamlKeyHandler find_yaml_key(std::string_view name) {
    const auto* key = std::find_if(std::begin(kKeys), std::end(kKeys),
                                   [&](const Key& k) { return k.name == name; });
    return key == std::end(kKeys) ? nullptr : key->handle;
}

std::string known_yaml_keys() {
    std::string out;
    for (const auto& key : kKeys)
        out += (out.empty() ? "" : ", ") + std::string(key.name);
    return out;
}

}  // namespace bramble::jobscript
