// What qsub and qdel share on the way to the scheduler: a submission token and a patient call.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "model/result.hpp"
#include "net/client.hpp"
#include "wire/messages.hpp"

namespace bramble::tools {

// 16 random bytes from /dev/urandom as 32 hex digits: the id that makes a retried submission
// queue once.
Result<std::string> random_token();

// How long the tools keep trying a scheduler that does not answer: $BRAMBLE_RETRY_SECONDS, else 60.
int retry_seconds();

// net::call, sent again unchanged (a submission keeps its token, so it queues at most once) while
// the scheduler cannot be reached, does not answer, or answers that it cannot take the request
// right now (restarting, too many connections), for retry_seconds(). After the first second
// `tool` says on stderr that it is waiting. When it gives up after a request may have arrived, the
// error says the outcome is unknown and how to find out, never that nothing happened.
Result<wire::Message> call_with_retry(const wire::Message& request, const std::string& tool);
// The same, to the scheduler listening at `socket` (libdrmaa's contact string names it).
Result<wire::Message> call_with_retry(const wire::Message& request, const std::string& tool,
                                      const std::string& socket);

// call_with_retry with the reply type the caller expects: an ErrorReply, a transport failure or
// a reply of another type become an Error.
template <class Reply>
Result<Reply> ask(const wire::Message& request, const std::string& tool,
                  const std::string& socket = net::scheduler_socket_path()) {
    auto reply = call_with_retry(request, tool, socket);
    if (!reply) return reply.error();
    if (const auto* error = std::get_if<wire::ErrorReply>(&*reply))
        return make_error(error->message);
    auto* expected = std::get_if<Reply>(&*reply);
    if (expected == nullptr) return make_error("the scheduler sent an unexpected reply");
    return std::move(*expected);
}

}  // namespace bramble::tools
