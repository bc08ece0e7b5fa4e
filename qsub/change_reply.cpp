// Printing a DeleteReply-shaped answer (see change_reply.hpp).
#include "change_reply.hpp"

#include <cstdio>
#include <variant>

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

}  // namespace bramble::tools
