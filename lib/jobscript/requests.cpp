// -l, -q and -v (see requests.hpp).
#include "jobscript/requests.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "jobscript/values.hpp"

namespace bramble::jobscript {

namespace {

// Per-slot memory requests. Grid Engine sites use several names for the same idea; the job is
// given the largest, so it is never placed where one of its own requests could not hold.
constexpr std::array<std::string_view, 6> kMemoryNames = {"h_vmem", "s_vmem",     "mem_free",
                                                          "h_rss",  "m_mem_free", "virtual_free"};
constexpr std::array<std::string_view, 3> kTimeNames = {"s_rt", "h_cpu", "s_cpu"};

std::vector<std::string_view> split_commas(std::string_view list) {
    std::vector<std::string_view> items;
    std::size_t start = 0;
    while (true) {
        const auto comma = list.find(',', start);
        items.push_back(
            list.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos) return items;
        start = comma + 1;
    }
}

bool contains(auto const& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

Status check_node_name(std::string_view node) {
    if (node.empty()) return make_error("empty node name");
    if (node.find_first_of("|*?[]!@") != std::string_view::npos) {
        return make_error("'" + std::string(node) +
                          "': choosing among several hosts is not supported; name one node");
    }
    return ok_status();
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

Status apply_resource(JobSpec& spec, std::string_view name, std::string_view value) {
    const std::string shown = std::string(name) + "=" + std::string(value);
    if (contains(kMemoryNames, name)) {
        if (auto bytes = parse_positive_memory(value); !bytes) return bytes.error();
    } else if (name == "h_rt") {
        auto seconds = parse_positive_duration(value);
        if (!seconds) return seconds.error();
        spec.walltime = *seconds;
    } else if (contains(kTimeNames, name)) {
        if (auto seconds = parse_positive_duration(value); !seconds) return seconds.error();
    } else if (name == "hostname" || name == "h") {
        if (auto ok = check_node_name(value); !ok) return ok.error();
        spec.nodes = {std::string(value)};
    } else if (name == "slots") {
        auto slots = parse_slots(value);
        if (!slots) return make_error("slots " + slots.message());
        spec.slots = *slots;
    }
    spec.resources[std::string(name)] = std::string(value);
    if (contains(kMemoryNames, name)) refresh_memory(spec);
    return ok_status();
}

}  // namespace

Status apply_resource_list(JobSpec& spec, std::string_view list) {
    for (const auto item : split_commas(list)) {
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size()) {
            return make_error("'" + std::string(item) + "' is not NAME=VALUE (e.g. h_vmem=2G)");
        }
        if (auto ok = apply_resource(spec, item.substr(0, eq), item.substr(eq + 1)); !ok) return ok;
    }
    return ok_status();
}

Status apply_queue(JobSpec& spec, std::string_view list) {
    if (list.find(',') != std::string_view::npos) {
        return make_error(
            "'" + std::string(list) +
            "': choosing among several queues is not supported; give QUEUE or QUEUE@NODE");
    }
    if (list.find("@@") != std::string_view::npos) {
        return make_error("'" + std::string(list) +
                          "': host groups (@@) are not supported; name one node");
    }
    const auto at = list.find('@');
    const std::string_view queue = list.substr(0, at);
    if (queue.empty() && at == std::string_view::npos) return make_error("empty queue name");
    if (queue.find_first_of("|?[]!") != std::string_view::npos) {
        return make_error("'" + std::string(queue) + "': queue patterns are not supported");
    }
    if (at != std::string_view::npos) {
        const std::string_view node = list.substr(at + 1);
        if (auto ok = check_node_name(node); !ok) return ok;
        spec.nodes = {std::string(node)};
    }
    spec.queue = queue == "*" ? std::string() : std::string(queue);
    return ok_status();
}

Status apply_env_list(JobSpec& spec, std::string_view list, const SubmitEnvironment& env) {
    for (const auto item : split_commas(list)) {
        const auto eq = item.find('=');
        const std::string name(item.substr(0, eq));
        if (auto ok = check_env_name(name); !ok) return ok;
        std::string value;
        if (eq != std::string_view::npos) {
            value = std::string(item.substr(eq + 1));
        } else {
            const auto it = std::find_if(env.vars.begin(), env.vars.end(),
                                         [&](const auto& var) { return var.first == name; });
            if (it != env.vars.end()) value = it->second;
        }
        set_env(spec.env, name, value);
    }
    return ok_status();
}

}  // namespace bramble::jobscript
