// qconf: what an admin reads of the cluster's configuration, as Grid Engine shows it. The
// scheduler answers with the config in force (ConfigRequest) and, where hosts matter, its nodes
// (ListNodesRequest); format_config.hpp lays them out. Changes are made in the config file.
#include <iostream>
#include <string>
#include <vector>

#include "format_config.hpp"
#include "qconf_options.hpp"
#include "scheduler_call.hpp"

namespace bramble::qstat {
namespace {

int refuse(const std::string& line) {
    std::cerr << line << "\n";
    return 1;
}

// A list, one name a line; none is Grid Engine's "no manager defined" on stderr, exit 1
// (show_object_list() in qconf's parse_qconf.c).
int show_names(const std::vector<std::string>& names, const std::string& what) {
    if (names.empty()) return refuse("no " + what + " defined");
    std::cout << format_name_list(names);
    return 0;
}

std::vector<std::string> node_names(const wire::NodesReply& nodes) {
    std::vector<std::string> names;
    for (const auto& node : nodes.nodes)
        names.push_back(node.inventory.name);
    return names;
}

int show_with_nodes(const QconfOptions& options, const wire::ConfigReply& config) {
    auto nodes = ask_scheduler<wire::NodesReply>(wire::ListNodesRequest{});
    if (!nodes) return refuse("error: " + nodes.message());
    switch (options.show) {
        case QconfShow::Queue:
            if (!options.name.empty() && options.name != config.queue) {
                return refuse("No cluster queue or queue instance matches the phrase \"" +
                              options.name + "\"");
            }
            std::cout << format_queue(config, *nodes);
            return 0;
        case QconfShow::ExecHost:
            for (const auto& node : nodes->nodes) {
                if (node.inventory.name == options.name) {
                    std::cout << format_exec_host(config, node);
                    return 0;
                }
            }
            return refuse("\"" + options.name + "\" is not an execution host");
        case QconfShow::ExecHostList:
            return show_names(node_names(*nodes), "execution host");
        default: {  // -sh, -ss: the head node, and every node (their execds relay the tools)
            auto hosts = node_names(*nodes);
            hosts.push_back(config.head_host);
            const bool admin = options.show == QconfShow::AdminHosts;
            return show_names(hosts, admin ? "administrative host" : "submit host");
        }
    }
}

int show(const QconfOptions& options) {
    auto config = ask_scheduler<wire::ConfigReply>(wire::ConfigRequest{});
    if (!config) return refuse("error: " + config.message());
    switch (options.show) {
        case QconfShow::QueueList:
            return show_names({config->queue}, "cqueue list");
        case QconfShow::PeList: {
            std::vector<std::string> names;
            for (const auto& pe : config->pes)
                names.push_back(pe.name);
            return show_names(names, "parallel environment");
        }
        case QconfShow::Pe:
            for (const auto& pe : config->pes) {
                if (pe.name == options.name) {
                    std::cout << format_pe(pe);
                    return 0;
                }
            }
            return refuse("\"" + options.name + "\" is not a parallel environment");
        case QconfShow::Complexes:
            std::cout << format_complexes(*config);
            return 0;
        case QconfShow::Managers:
            return show_names(config->managers, "manager");
        case QconfShow::Operators:  // none: bramble's managers hold every right an operator has
            return show_names({}, "operator");
        default:
            return show_with_nodes(options, *config);
    }
}

}  // namespace
}  // namespace bramble::qstat

int main(int argc, char** argv) {
    using namespace bramble::qstat;
    const std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_qconf_args(args);
    if (!options) {
        std::cerr << options.message() << "\n" << qconf_usage();
        return 1;
    }
    if (options->show == QconfShow::Help) {
        std::cout << qconf_usage();
        return args.empty() ? 1 : 0;
    }
    return show(*options);
}
