#include "config_reply.hpp"

#include "config/parallel_environments.hpp"

namespace bramble::scheduler {

wire::ConfigReply config_reply(const config::ClusterConfig& config, const std::string& head_host) {
    wire::ConfigReply out;
    out.queue = config.queue;
    out.head_host = head_host;
    out.managers = config.managers;
    for (const auto& [name, pe] : config::parallel_environments_of(config))
        out.pes.push_back({name, config::format_allocation_rule(pe.rule), pe.max_slots});
    for (const auto& [name, node] : config.nodes) {
        wire::NodeConfigEntry entry{name, node.labels, node.consumables, {}};
        for (const auto& [line, offset] : node.gpio.lines)
            entry.gpio_lines.push_back(line);
        out.nodes.push_back(std::move(entry));
    }
    for (const auto& [user, limit] : config.user_limits)
        out.user_limits.push_back({user, limit.max_running_jobs, limit.max_slots});
    out.default_walltime = config.queue_limits.default_walltime;
    out.max_walltime = config.queue_limits.max_walltime;
    out.rerun = config.queue_limits.rerun;
    out.max_queued_per_user = config.max_queued_per_user;
    return out;
}

}  // namespace bramble::scheduler
