// qhold and qrls (one source, built twice): put waiting jobs on hold or release them.
// `qhold [-h u|o|s] [-u USER[,USER...]] [JOB_ID|JOB_NAME[,...] ...]`; bramble has one kind of hold,
// so -h's letter is accepted and checked but changes nothing.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "change_reply.hpp"

namespace {

using namespace bramble;

#ifdef BRAMBLE_QRLS
constexpr bool kHold = false;
constexpr const char* kTool = "qrls";
#else
constexpr bool kHold = true;
constexpr const char* kTool = "qhold";
#endif

std::string usage() {
    return std::string("usage: ") + kTool +
           " [-h u|o|s] [-u USER[,USER...]] [JOB_ID|JOB_NAME[,...] ...]\n";
}

Result<wire::Message> parse(const std::vector<std::string>& args) {
    wire::HoldRequest request;
    request.hold = kHold;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-h" || arg == "-u") {
            if (i + 1 == args.size()) return make_error("option " + arg + " needs a value");
            const std::string& value = args[++i];
            if (arg == "-u") {
                tools::split_commas(value, request.users);
            } else if (value.empty() || value.find_first_not_of("uosUOS") != std::string::npos) {
                return make_error("option -h: '" + value + "' is not u, o or s");
            }
        } else if (arg.starts_with('-')) {
            return make_error("unknown option " + arg);
        } else {
            tools::split_commas(arg, request.jobs);
        }
    }
    if (request.jobs.empty() && request.users.empty()) return make_error("no job named");
    return wire::Message{std::move(request)};
}

}  // namespace

int main(int argc, char** argv) {
    return tools::run_change_tool(argc, argv, kTool, usage(), parse);
}
