// qhost: shows the cluster's nodes as Grid Engine's qhost does. Parses the command line, asks the
// scheduler for its nodes and prints them through the formatters.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "format_hosts.hpp"
#include "options.hpp"
#include "scheduler_call.hpp"

int main(int argc, char** argv) {
    using namespace bramble;
    using namespace bramble::qstat;
    const std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_qhost_args(args);
    if (!options) {
        std::cerr << qhost_usage() << options.message() << "\n";
        return 1;
    }
    if (options->help) {
        std::cout << qhost_usage();
        return 0;
    }
    auto reply = ask_scheduler<wire::NodesReply>(wire::ListNodesRequest{});
    if (!reply) {
        std::cerr << "error: " << reply.message() << "\n";
        return 1;
    }
    if (!options->only.empty()) {
        std::erase_if(reply->nodes, [&](const wire::NodeStatus& node) {
            return std::find(options->only.begin(), options->only.end(), node.inventory.name) ==
                   options->only.end();
        });
    }
    std::cout << (options->xml ? format_host_xml(*reply, options->hosts)
                               : format_host_table(*reply, options->hosts));
    return 0;
}
