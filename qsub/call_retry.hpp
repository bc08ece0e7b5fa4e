// What qsub and qdel share on the way to the scheduler: a submission token and a patient call.
#pragma once

#include <string>

#include "model/result.hpp"
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

}  // namespace bramble::tools
