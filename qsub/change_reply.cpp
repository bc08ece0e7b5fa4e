// Printing a DeleteReply-shaped answer (see change_reply.hpp).
#include "change_reply.hpp"

#include <cstdio>
#include <variant>

#include "call_retry.hpp"

namespace bramble::tools {

int print_change_reply(const std::string& tool, const Result<wire::Message>& reply) {
    if (!reply) {
        std::fprintf(stderr, "%s: %s\n", tool.c_str(), reply.message().c_str());
        return 1;
    }
    if (const auto* error = std::get_if<wire::ErrorReply>(&*reply)) {
        std::printf("%s\n", error->message.c_str());
        return 1;
    }
    const auto* answer = std::get_if<wire::DeleteReply>(&*reply);
    if (answer == nullptr) {
        std::fprintf(stderr, "%s: the scheduler sent an unexpected reply\n", tool.c_str());
        return 1;
    }
    for (const auto& line : answer->lines)
        std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    return answer->failed ? 1 : 0;
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

int run_change_tool(
    int argc, char** argv, const std::string& tool, const std::string& usage,
    const std::function<Result<wire::Message>(const std::vector<std::string>&)>& parse) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "-help" || args[0] == "--help")) {
        std::fputs(usage.c_str(), stdout);
        return 0;
    }
    auto request = parse(args);
    if (!request) {
        std::fprintf(stderr, "%s: %s\n%s", tool.c_str(), request.message().c_str(), usage.c_str());
        return 1;
    }
    return print_change_reply(tool, call_with_retry(*request, tool));
}

}  // namespace bramble::tools
