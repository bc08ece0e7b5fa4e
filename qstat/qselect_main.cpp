// qselect: prints the queue instances the options select, one per line (select_queues.hpp).
#include <iostream>
#include <string>
#include <vector>

#include "scheduler_call.hpp"
#include "select_queues.hpp"

int main(int argc, char** argv) {
    using namespace bramble;
    using namespace bramble::qstat;
    const std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_qselect_args(args);
    if (!options) {
        std::cerr << "qselect: " << options.message() << "\n" << qselect_usage();
        return 2;
    }
    if (options->help) {
        std::cout << qselect_usage();
        return 0;
    }
    auto reply = ask_scheduler<wire::NodesReply>(wire::ListNodesRequest{});
    if (!reply) {
        std::cerr << "error: " << reply.message() << "\n";
        return 1;
    }
    for (const auto& name : select_queue_instances(*reply, *options))
        std::cout << name << "\n";
    return 0;
}
