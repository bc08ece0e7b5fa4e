// qmod: clear the error state of jobs (-cj) or of queue instances (-cq), or of either (-c: queue
// instances first, then job ids), and disable (-d: drain) or enable (-e) queue instances, as Grid
// Engine's qmod does.
// `qmod {-c|-cj|-cq|-d|-e} TARGET[,TARGET...] [TARGET...]`; -f (force) is accepted: none of these
// needs force.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "change_reply.hpp"

namespace {

using namespace bramble;

constexpr const char* kTool = "qmod";

std::string usage() {
    return "usage: qmod [-f] {-c job_wc_queue_list | -cj job_list | -cq wc_queue_list |\n"
           "                 -d wc_queue_list | -e wc_queue_list}\n"
           "   -c    clear the error state of queue instances, else of jobs by id\n"
           "   -cj   clear the error state of jobs (by id, id.task or name)\n"
           "   -cq   clear the error state of queue instances\n"
           "   -d    disable queue instances: running jobs finish, no new job starts there\n"
           "   -e    enable queue instances\n"
           "wc_queue: all.q@pi01, *@pi01, all.q@pi0[1-3], all.q, or a node name (pi01)\n";
}

// qmod's options and the action the scheduler knows each by.
std::string action_of(const std::string& option) {
    if (option == "-c") return "clear";
    if (option == "-cj") return "clear_jobs";
    if (option == "-cq") return "clear_queues";
    if (option == "-d") return "disable";
    if (option == "-e") return "enable";
    return "";
}

Result<wire::Message> parse(const std::vector<std::string>& args) {
    wire::ModifyRequest request;
    for (const auto& arg : args) {
        if (arg == "-f") continue;
        if (arg.starts_with('-')) {
            const std::string action = action_of(arg);
            if (action.empty()) return make_error("unknown option " + arg);
            if (!request.action.empty() && request.action != action) {
                return make_error("one action per call: " + arg + " after another action");
            }
            request.action = action;
        } else if (request.action.empty()) {
            return make_error("\"" + arg + "\" comes before any of -c, -cj, -cq, -d, -e");
        } else {
            tools::split_commas(arg, request.targets);
        }
    }
    if (request.action.empty())
        return make_error("no action: one of -c, -cj, -cq, -d, -e is needed");
    if (request.targets.empty()) return make_error("no job or queue named");
    return wire::Message{std::move(request)};
}

}  // namespace

int main(int argc, char** argv) {
    return tools::run_change_tool(argc, argv, kTool, usage(), parse);
}
