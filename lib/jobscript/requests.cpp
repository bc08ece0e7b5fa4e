// -l, -q and -v (see requests.hpp).
#include "jobscript/requests.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "jobscript/env_list.hpp"
#include "jobscript/node_pattern.hpp"
#include "jobscript/spec_check.hpp"
#include "jobscript/values.hpp"

namespace bramble::jobscript {

namespace {

// Per-slot memory requests. Grid Engine sites use several names for the same idea; the job is
// given the largest, so it is never placed where one of its own requests could not hold.
constexpr std::array<std::string_view, 6> kMemoryNames = {"h_vmem", "s_vmem",     "mem_free",
                                                          "h_rss",  "m_mem_free", "virtual_free"};
constexpr std::array<std::string_view, 3> kTimeNames = {"s_rt", "h_cpu", "s_cpu"};

std::string quote(std::string_view text) {
    return "'" + std::string(text) + "'";
}

bool contains(auto const& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

void refresh_memory(JobSpec& spec) {
    std::uint64_t largest = 0;
    for (const auto name : kMemoryNames) {
        const auto it = spec.resources.find(std::string(name));
        if (it == spec.resources.end()) continue;
        if (auto bytes = parse_positive_memory(it->second)) largest = std::max(largest, *bytes);
    }
    if (largest > 0) spec.memory_per_slot = largest;
}

// GPIO lines accumulate (-l gpio=fan -l gpio=led asks for both) and live in spec.gpio only: one
// resources entry could not hold them all.
Status add_gpio_line(JobSpec& spec, std::string_view line) {
    if (auto ok = check_gpio_line_name(line); !ok) return ok;
    if (std::find(spec.gpio.begin(), spec.gpio.end(), line) == spec.gpio.end()) {
        spec.gpio.emplace_back(line);
    }
    return ok_status();
}

// Names with a meaning of their own set JobSpec fields; every name is checked before it is kept.
Status apply_builtin(JobSpec& spec, std::string_view name, std::string_view value) {
    if (contains(kMemoryNames, name)) {
        if (auto bytes = parse_positive_memory(value); !bytes) return bytes.error();
    } else if (name == "h_rt") {
        auto seconds = parse_positive_duration(value);
        if (!seconds) return seconds.error();
        spec.walltime = *seconds;
    } else if (contains(kTimeNames, name)) {
        if (auto seconds = parse_positive_duration(value); !seconds) return seconds.error();
    } else if (name == "hostname" || name == "h") {
        if (auto ok = check_node_pattern(value); !ok) return ok;
        spec.nodes = {std::string(value)};
    } else if (name == "exclusive" || name == "excl") {
        auto exclusive = parse_boolean(value);
        if (!exclusive) return make_error(std::string(name) + " " + exclusive.message());
        spec.exclusive = *exclusive;
    } else if (name == "slots") {
        auto slots = parse_slots(value);
        if (!slots) return make_error("slots " + slots.message());
        spec.slots = *slots;
        spec.slots_max = 0;
    }
    return ok_status();
}

Status apply_resource(JobSpec& spec, std::string_view name, std::string_view value) {
    if (name == "gpio") return add_gpio_line(spec, value);
    if (auto ok = apply_builtin(spec, name, value); !ok) return ok;
    spec.resources[std::string(name)] = std::string(value);
    if (contains(kMemoryNames, name)) refresh_memory(spec);
    return ok_status();
}

// "all.q@pi01" -> {"all.q", "pi01"}; "all.q" -> {"all.q", ""}.
struct QueueInstance {
    std::string_view queue;
    std::string_view node;
    bool has_node = false;
};

Result<QueueInstance> parse_queue_instance(std::string_view item, std::string_view list) {
    if (item.find("@@") != std::string_view::npos) {
        return make_error(quote(list) + ": host groups (@@) are not supported; name the nodes");
    }
    const auto at = item.find('@');
    QueueInstance instance{item.substr(0, at), {}, at != std::string_view::npos};
    if (instance.queue.empty() && !instance.has_node) return make_error("empty queue name");
    if (instance.queue.find_first_of("|?[]!*") != std::string_view::npos && instance.queue != "*") {
        return make_error(quote(instance.queue) + ": queue patterns are not supported");
    }
    if (instance.has_node) {
        instance.node = item.substr(at + 1);
        if (auto ok = check_node_pattern(instance.node); !ok) return ok.error();
    }
    return instance;
}

}  // namespace

Status apply_resource_list(JobSpec& spec, std::string_view list) {
    JobSpec changed = spec;  // applied whole or not at all
    for (const auto item : split_commas(list)) {
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size()) {
            return make_error(quote(item) + " is not NAME=VALUE (e.g. h_vmem=2G)");
        }
        if (auto ok = apply_resource(changed, item.substr(0, eq), item.substr(eq + 1)); !ok) {
            return ok;
        }
    }
    spec = std::move(changed);
    return ok_status();
}

Status apply_queue(JobSpec& spec, std::string_view list) {
    std::vector<QueueInstance> instances;
    for (const auto item : split_commas(list)) {
        auto instance = parse_queue_instance(item, list);
        if (!instance) return instance.error();
        instances.push_back(*instance);
    }
    std::vector<std::string> nodes;
    for (const auto& instance : instances) {
        if (instance.queue != instances.front().queue ||
            (instances.size() > 1 && !instance.has_node)) {
            return make_error(quote(list) +
                              ": choosing among several queues is not supported; give QUEUE, "
                              "QUEUE@NODE or QUEUE@NODE1,QUEUE@NODE2");
        }
        if (instance.has_node) nodes.emplace_back(instance.node);
    }
    const std::string_view queue = instances.front().queue;
    spec.queue = queue == "*" ? std::string() : std::string(queue);
    if (!nodes.empty()) spec.nodes = std::move(nodes);
    return ok_status();
}

Status apply_env_list(JobSpec& spec, std::string_view list, const SubmitEnvironment& env,
                      EnvIndex& index) {
    const auto items = split_commas(list);
    if (items.size() > kMaxEnvVars) {
        return make_error("the list names " + std::to_string(items.size()) +
                          " variables; a job may have at most " + std::to_string(kMaxEnvVars));
    }
    std::unordered_map<std::string_view, std::string_view> submit_side;  // built when needed
    EnvVars additions;
    additions.reserve(items.size());
    for (const auto item : items) {
        const auto eq = item.find('=');
        const std::string_view name = item.substr(0, eq);
        if (auto ok = check_env_name(name); !ok) return ok;
        std::string_view value;
        if (eq != std::string_view::npos) {
            value = item.substr(eq + 1);
        } else {
            if (submit_side.empty()) {
                for (const auto& [key, text] : env.vars)
                    submit_side.emplace(key, text);
            }
            if (const auto it = submit_side.find(name); it != submit_side.end()) value = it->second;
        }
        additions.emplace_back(name, value);
    }
    return merge_env(spec.env, additions, index);
}

}  // namespace bramble::jobscript
