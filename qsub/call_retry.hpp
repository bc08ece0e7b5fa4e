// What qsub and qdel share on the way to the scheduler: a submission token and a patient call.
#pragma once

#include <string>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::tools {

// 16 random bytes from /dev/urandom as 32 hex digits: the id that makes a retried submission
// queue once.
Result<std::string> random_token();

// net::call, tried again after a short pause when the transport fails (the scheduler restarting,
// a full backlog). The request is resent unchanged, so a submission keeps its token.
Result<wire::Message> call_with_retry(const wire::Message& request);

}  // namespace bramble::tools
