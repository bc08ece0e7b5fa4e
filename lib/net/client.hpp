// The command-line tools' side of the scheduler's Unix socket: connect, send one request, read one
// reply. Blocking and Asio-free on purpose: a qsub is a short-lived process and every microsecond
// of start-up shows in a user's shell loop.
#pragma once

#include <string>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::net {

// Where the tools reach the scheduler, the first of: $BRAMBLE_SOCKET; the scheduler's socket on
// this machine, /run/bramble/scheduler.sock or $XDG_RUNTIME_DIR/bramble/scheduler.sock, when it
// exists; this node's execd relaying (submit from any node): $BRAMBLE_RELAY_SOCKET (set in every
// job), else /var/lib/bramble/execd/<short host name>/tools.sock when it exists; and when none
// exists, the scheduler's default path, for the error message.
std::string scheduler_socket_path();

// Sends `request` and returns the scheduler's reply. A reply of type ErrorReply is returned as a
// Message (the caller prints it); transport failures are Errors ("cannot reach the scheduler at
// /run/bramble/scheduler.sock: connection refused (is bramble-scheduler running?)").
// How far a failed call got: whether the scheduler may have received (and acted on) the request.
enum class Delivery { NotSent, MayHaveArrived };

Result<wire::Message> call(const wire::Message& request, const std::string& socket_path,
                           int timeout_ms = 30000, Delivery* delivery = nullptr);
inline Result<wire::Message> call(const wire::Message& request) {
    return call(request, scheduler_socket_path());
}

}  // namespace bramble::net
