// Turning a local client away before it has been served: one message (the scheduler's ErrorReply,
// the execd's RemoteExit) written without waiting, since a fresh socket's buffer has room for it,
// so the tool prints why instead of "connection closed". The caller closes the descriptor.
#pragma once

#include "wire/messages.hpp"

namespace bramble::net {

void send_refusal(int fd, const wire::Message& refusal);

}  // namespace bramble::net
