// qhold and qrls (one source, built twice): put waiting jobs on hold or release them.
// `qhold [-h u|o|s] [-u USER[,USER...]] [JOB_ID|JOB_NAME[,...] ...]`; bramble has one kind of hold,
// so -h's letter is accepted and checked but changes nothing.
#include <cstdio>
#include <string>
#include <vector>

#include "call_retry.hpp"
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

void split_commas(const std::string& list, std::vector<std::string>& into) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const auto item = list.substr(start, comma == std::string::npos ? comma : comma - start);
        if (!item.empty()) into.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
}

Result<wire::HoldRequest> parse(const std::vector<std::string>& args) {
    wire::HoldRequest request;
    request.hold = kHold;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-h" || arg == "-u") {
            if (i + 1 == args.size()) return make_error("option " + arg + " needs a value");
            const std::string& value = args[++i];
            if (arg == "-u") {
                split_commas(value, request.users);
            } else if (value.empty() || value.find_first_not_of("uosUOS") != std::string::npos) {
                return make_error("option -h: '" + value + "' is not u, o or s");
            }
        } else if (arg.starts_with('-')) {
            return make_error("unknown option " + arg);
        } else {
            split_commas(arg, request.jobs);
        }
    }
    if (request.jobs.empty() && request.users.empty()) return make_error("no job named");
    return request;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "-help" || args[0] == "--help")) {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }
    auto request = parse(args);
    if (!request) {
        std::fprintf(stderr, "%s: %s\n%s", kTool, request.message().c_str(), usage().c_str());
        return 1;
    }
    return tools::print_change_reply(kTool, tools::call_with_retry(*request, kTool));
}
