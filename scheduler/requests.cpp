// resolve_request(): the PE, the walltime, then every -l name, then the YAML-only requests.
#include "requests.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "config/parallel_environments.hpp"
#include "model/units.hpp"

namespace bramble::scheduler {
namespace {

// -l names that qsub itself understands or that Grid Engine defines and bramble accepts without
// scheduling on them (limits the shepherd enforces, or host facts every node has).
constexpr std::array<std::string_view, 27> kBuiltIn = {
    "h_vmem", "s_vmem", "mem_free", "h_rss",    "m_mem_free", "virtual_free", "h_rt",
    "s_rt",   "h_cpu",  "s_cpu",    "hostname", "h",          "slots",        "exclusive",
    "excl",   "gpio",   "arch",     "a",        "num_proc",   "h_stack",      "s_stack",
    "h_data", "s_data", "h_fsize",  "s_fsize",  "h_core",     "s_core"};

bool built_in(std::string_view name) {
    return std::find(kBuiltIn.begin(), kBuiltIn.end(), name) != kBuiltIn.end();
}

std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + name;
    return out.empty() ? "none" : out;
}

// What the config's nodes offer, by name.
struct Offered {
    std::set<std::string> labels;
    std::set<std::string> consumables;
    std::set<std::string> gpio;
};

Offered offered_by(const config::ClusterConfig& config) {
    Offered offered;
    for (const auto& [node, settings] : config.nodes) {
        for (const auto& [key, value] : settings.labels)
            offered.labels.insert(key);
        for (const auto& [name, amount] : settings.consumables)
            offered.consumables.insert(name);
        for (const auto& [line, offset] : settings.gpio.lines)
            offered.gpio.insert(line);
    }
    return offered;
}

Status resolve_pe(const JobSpec& spec, const config::ClusterConfig& config,
                  policy::PendingJob& job) {
    job.slots = spec.slots;
    job.slots_max = spec.slots_max;
    job.pe = spec.pe;
    if (spec.pe.empty()) return ok_status();
    auto pe = config::find_pe(config, spec.pe);
    if (!pe) return pe.error();
    if (pe->max_slots > 0 && spec.slots > pe->max_slots) {
        return make_error("-pe " + spec.pe + " " + std::to_string(spec.slots) + ": " + spec.pe +
                          " allows at most " + std::to_string(pe->max_slots) + " slots");
    }
    if (pe->max_slots > 0 && spec.slots_max > pe->max_slots) job.slots_max = pe->max_slots;
    job.rule = pe->rule;
    return ok_status();
}

Status resolve_walltime(const JobSpec& spec, const config::ClusterConfig& config,
                        policy::PendingJob& job) {
    const auto& limits = config.queue_limits;
    job.walltime = spec.walltime > 0 ? spec.walltime : limits.default_walltime;
    if (limits.max_walltime > 0 && job.walltime > limits.max_walltime) {
        return make_error("h_rt=" + format_duration(spec.walltime) + " is longer than queue " +
                          config.queue + " allows (" + format_duration(limits.max_walltime) + ")");
    }
    return ok_status();
}

Result<std::uint64_t> amount(const std::string& where, const std::string& value) {
    auto parsed = parse_memory(value);
    if (!parsed || *parsed == 0) {
        return make_error(where + ": '" + value + "' is not a positive amount (e.g. 1 or 100G)");
    }
    return *parsed;
}

// -l NAME=VALUE beyond the built-in names: a node label to match or a consumable to hold.
Status resolve_resources(const JobSpec& spec, const Offered& offered, policy::PendingJob& job) {
    for (const auto& [name, value] : spec.resources) {
        const std::string where = "-l " + name + "=" + value;
        if (built_in(name)) continue;
        if (offered.labels.contains(name)) {
            job.labels[name] = value;
        } else if (offered.consumables.contains(name)) {
            auto parsed = amount(where, value);
            if (!parsed) return parsed.error();
            job.consumables_per_slot[name] = *parsed;
        } else {
            return make_error("unknown resource '" + name + "' in " + where +
                              "; this cluster's nodes offer labels " + joined(offered.labels) +
                              " and consumables " + joined(offered.consumables));
        }
    }
    for (const auto& [name, value] : spec.job_resources) {
        const std::string where = "resources_per_job " + name + ": " + value;
        if (!offered.consumables.contains(name)) {
            return make_error("unknown consumable '" + name + "' in " + where +
                              "; this cluster's nodes offer " + joined(offered.consumables));
        }
        auto parsed = amount(where, value);
        if (!parsed) return parsed.error();
        job.consumables_per_job[name] = *parsed;
    }
    return ok_status();
}

Status resolve_gpio(const JobSpec& spec, const Offered& offered, policy::PendingJob& job) {
    for (const auto& line : spec.gpio) {
        if (!offered.gpio.contains(line)) {
            return make_error("unknown GPIO line '" + line + "'; this cluster's nodes name " +
                              joined(offered.gpio));
        }
    }
    job.gpio = spec.gpio;
    return ok_status();
}

}  // namespace

Result<policy::PendingJob> resolve_request(const JobSpec& spec,
                                           const config::ClusterConfig& config) {
    policy::PendingJob job;
    if (auto ok = resolve_pe(spec, config, job); !ok) return ok.error();
    if (auto ok = resolve_walltime(spec, config, job); !ok) return ok.error();
    const Offered offered = offered_by(config);
    job.labels = spec.labels;
    for (const auto& [key, value] : spec.labels) {
        if (!offered.labels.contains(key)) {
            return make_error("no node has a label '" + key + "'; this cluster's labels are " +
                              joined(offered.labels));
        }
    }
    if (auto ok = resolve_resources(spec, offered, job); !ok) return ok.error();
    if (auto ok = resolve_gpio(spec, offered, job); !ok) return ok.error();
    job.memory_per_slot = spec.memory_per_slot;
    job.memory_per_job = spec.memory_per_job;
    job.node_patterns = spec.nodes;
    job.exclusive = spec.exclusive;
    job.priority = spec.priority;
    return job;
}

}  // namespace bramble::scheduler
