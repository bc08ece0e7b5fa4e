// What both of qrsh's modes do once they know what to ask: send one request to an execd's Unix
// socket and relay until the command's exit. The command's stdout and stderr arrive as
// RemoteOutput and go to qrsh's own; qrsh's stdin, when it is forwarded, goes out as RemoteInput
// (its end as `end`); RemoteExit ends qrsh with the command's status (128 + signal for a signal).
// A signal to qrsh (SIGTERM, SIGINT, SIGHUP) closes the connection, which ends the command.
#pragma once

#include <signal.h>

#include <string>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::tools {

inline constexpr int kQrshFailed = 1;  // a refusal or a local error, as Grid Engine's qrsh exits

// Prints "qrsh: MESSAGE" on stderr and returns kQrshFailed.
int qrsh_fail(const std::string& message);

// Blocks SIGTERM, SIGINT and SIGHUP (they are read from a signalfd while relaying) and ignores
// SIGPIPE (a closed stdout or execd shows as a failed write). Call before anything may block.
void qrsh_take_signals();

// The signals that stop qrsh: SIGTERM, SIGINT and SIGHUP.
sigset_t qrsh_stop_signals();

// What becomes of qrsh's stdin: nothing is sent (qrsh -inherit: the execd gives the command
// /dev/null), it goes to the command (qrsh CMD), or the command's stdin ends at once (-nostdin).
enum class Stdin { not_sent, forwarded, closed };

// Connects to the execd at `socket_path`, sends `request` and relays. With `terminal` (the job has
// a terminal, qrsh's stdin is one) qrsh's window changes are sent as RemoteWindow.
int qrsh_relay(const std::string& socket_path, const wire::Message& request, Stdin stdin_use,
               bool terminal = false);

}  // namespace bramble::tools
