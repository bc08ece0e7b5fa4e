// One request to the scheduler, with the reply type the tool expects. An ErrorReply or a transport
// failure becomes an Error whose message the tool prints as "error: <message>".
#pragma once

#include <string>
#include <variant>

#include "model/result.hpp"
#include "net/client.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

template <class Reply>
Result<Reply> ask_scheduler(const wire::Message& request) {
    auto reply = net::call(request);
    if (!reply) return reply.error();
    if (auto* error = std::get_if<wire::ErrorReply>(&*reply)) return make_error(error->message);
    if (auto* expected = std::get_if<Reply>(&*reply)) return std::move(*expected);
    return make_error(
        "the scheduler sent an unexpected reply (is it a different bramble version?)");
}

}  // namespace bramble::qstat
