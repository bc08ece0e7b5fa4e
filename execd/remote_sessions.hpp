// The remote service's connections in progress (remote_service.cpp, attach_service.cpp): one
// qrsh's, or one other execd's.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "execd/remote_service.hpp"

namespace bramble::execd {

struct RemoteService::PeerSession {
    std::shared_ptr<net::TcpConnection> connection;
    bool started = false;
    std::shared_ptr<RunningCommand> command;
    std::shared_ptr<InteractiveJob> attached;
    bool ended = false;                          // the one RemoteExit has gone out
    std::vector<wire::RemoteInput> early_input;  // before the attach was decided
    std::size_t early_bytes = 0;
    std::optional<wire::RemoteWindow> early_window;  // the last one before the attach
};

struct RemoteService::Request {
    std::shared_ptr<LocalConnection> connection;
    net::PeerCredentials caller;
    bool started = false;
    bool closed = false;
    bool ended = false;  // the one RemoteExit has gone out
    std::shared_ptr<PeerCall> call;
    std::shared_ptr<RunningCommand> command;
    std::shared_ptr<InteractiveJob> attached;
    JobId job = 0;
    std::vector<wire::RemoteInput> early_input;  // before the attach was decided
    std::size_t early_bytes = 0;
    std::optional<wire::RemoteWindow> early_window;  // the last one before the attach

    void answer(const wire::Message& message) {
        if (closed || ended) return;
        connection->send(message);
        if (!std::holds_alternative<wire::RemoteExit>(message)) return;
        ended = true;
        connection->close_after_send();
    }
};

}  // namespace bramble::execd
