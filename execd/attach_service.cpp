// qrsh CMD's side of the remote service (see interactive_job.hpp): an interactive job waits here
// for its qrsh, which attaches through the execd of the host it runs on (its uid from
// SO_PEERCRED). That execd attaches here when the job runs on this node, or passes the attach on
// to the job's node over the cluster-key link, vouching for the uid. The node checks every field:
// the job is an interactive job waiting on this node, the uid owns it, nobody attached before,
// and the attach carries no command of its own (what runs is the job's spec).
#include <unistd.h>

#include <chrono>

#include "execd/log.hpp"
#include "execd/remote_service.hpp"
#include "execd/remote_sessions.hpp"
#include "execd/terminal.hpp"

namespace bramble::execd {

namespace {

constexpr int kRefused = 1;      // qrsh's exit status when the attach is refused
constexpr int kLost = 255;       // ... when the job's node could not be reached
constexpr int kStartWaits = 50;  // the attach may overtake StartJob: retries, 100 ms apart

}  // namespace

void RemoteService::on_interactive(StartAttached start, EndJob end) {
    start_attached_ = std::move(start);
    end_job_ = std::move(end);
}

void RemoteService::expect_attach(JobId id, uid_t owner, std::chrono::seconds within) {
    auto deadline = std::make_shared<boost::asio::steady_timer>(io_, within);
    interactive_[id] = Waiting{std::make_shared<InteractiveJob>(io_, id, owner), deadline};
    deadline->async_wait([this, id, within](auto ec) {
        // A deadline that fired just as its qrsh attached is no longer one.
        const auto found = interactive_.find(id);
        if (ec || found == interactive_.end() || found->second.job->attached()) return;
        end_job_(id,
                 "its qrsh did not attach within " + std::to_string(within.count()) + " seconds");
    });
}

void RemoteService::interactive_ended(JobId id, const ExitRecord& exit) {
    auto found = interactive_.find(id);
    if (found == interactive_.end()) return;
    found->second.deadline->cancel();
    found->second.job->ended(exit);
    interactive_.erase(found);
}

bool RemoteService::may_arrive(const wire::RemoteCommand& command, int attempts) const {
    return interactive_.count(command.job) == 0 && attempts < kStartWaits;
}

Result<std::shared_ptr<InteractiveJob>> RemoteService::attach(const wire::RemoteCommand& command,
                                                              InteractiveJob::Send send) {
    const std::string job = "job " + std::to_string(command.job);
    if (!command.command.empty() || !command.env.empty() || !command.cwd.empty()) {
        return make_error("an attach to " + job +
                          " carries no command, environment or directory: the job's own run");
    }
    if (auto terminal = check_terminal_fields(command); !terminal)
        return make_error("an attach to " + job + " " + terminal.message());
    auto found = interactive_.find(command.job);
    if (found == interactive_.end())
        return make_error(job + " is not an interactive job waiting on node " + config_.node);
    const auto waiting = found->second;
    if (command.uid != waiting.job->owner())
        return make_error("uid " + std::to_string(command.uid) + " does not own " + job);
    if (waiting.job->attached()) return make_error(job + "'s qrsh has attached already");
    auto stdio = waiting.job->attach(std::move(send), command.pty, command.window);
    if (!stdio) return stdio.error();
    waiting.deadline->cancel();
    const Status started = start_attached_(command.job, *stdio);
    for (const int fd : {stdio->in, stdio->out, stdio->err}) {
        if (fd >= 0) ::close(fd);
    }
    if (!started) return started.error();
    log(job + ": its qrsh attached (uid " + std::to_string(command.uid) + ")");
    return waiting.job;
}

void RemoteService::local_attach(const std::shared_ptr<Request>& request,
                                 wire::RemoteCommand command, int attempts) {
    if (request->closed) return;
    command.uid = request->caller.uid;
    if (command.node != config_.node) return forward_attach(request, std::move(command));
    if (may_arrive(command, attempts)) {
        auto timer =
            std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(100));
        timer->async_wait([this, timer, request, command, attempts](auto) {
            local_attach(request, command, attempts + 1);
        });
        return;
    }
    auto attached =
        attach(command, [request](const wire::Message& message) { request->answer(message); });
    if (!attached) {
        log("qrsh attach from pid " + std::to_string(request->caller.pid) +
            " refused: " + attached.message());
        return request->answer(refusal(kRefused, attached.message()));
    }
    request->attached = *attached;
    if (request->early_window) local_window(request, *request->early_window);
    for (const auto& input : request->early_input)
        local_input(request, input);
    request->early_input.clear();
}

void RemoteService::forward_attach(const std::shared_ptr<Request>& request,
                                   wire::RemoteCommand command) {
    if (command.execd.empty())
        return request->answer(
            refusal(kRefused, "no execd address given for node " + command.node));
    const std::string node = command.node;
    const std::string execd = command.execd;
    request->call = PeerCall::start(
        io_, execd, key_, std::move(command), false,
        [request](const wire::Message& message) {
            if (std::holds_alternative<wire::RemoteOutput>(message) ||
                std::holds_alternative<wire::RemoteExit>(message)) {
                request->answer(message);
            }
        },
        [request, node](const std::string& why) {
            request->answer(refusal(kLost, "lost node " + node + "'s execd: " + why));
        });
    if (request->early_window) local_window(request, *request->early_window);
    for (const auto& input : request->early_input)
        local_input(request, input);
    request->early_input.clear();
}

// Input that comes before the attach is decided waits (bounded) in the request.
void RemoteService::local_input(const std::shared_ptr<Request>& request,
                                const wire::RemoteInput& input) {
    const std::string too_much = "more than " + std::to_string(kUnreadInputBytes >> 20) +
                                 " MiB of standard input waiting for job " +
                                 std::to_string(request->job);
    if (request->attached) {
        if (auto taken = request->attached->input(input); !taken)
            request->answer(refusal(kRefused, taken.message()));
        return;
    }
    if (request->call) {
        if (!request->call->send(input, kUnreadInputBytes))
            request->answer(refusal(kRefused, too_much));
        return;
    }
    if (!request->started) return request->connection->close("input before an attach");
    request->early_bytes += input.data.size();
    if (request->early_bytes > kUnreadInputBytes)
        return request->answer(refusal(kRefused, too_much));
    request->early_input.push_back(input);
}

void RemoteService::peer_attach(const std::shared_ptr<PeerSession>& session,
                                const wire::RemoteCommand& command, int attempts) {
    const auto& connection = session->connection;
    if (connection->closed()) return;
    const auto refuse = [&](const std::string& why) {
        log("qrsh attach from another execd refused: " + why);
        connection->send(refusal(kRefused, why));
        connection->close_after_send();
    };
    if (command.node != config_.node)
        return refuse("this is node " + config_.node + ", not " + command.node);
    if (may_arrive(command, attempts)) {
        auto timer =
            std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(100));
        timer->async_wait([this, timer, session, command, attempts](auto) {
            peer_attach(session, command, attempts + 1);
        });
        return;
    }
    auto attached = attach(command, [session](const wire::Message& message) {
        session->connection->send(message);
        if (!std::holds_alternative<wire::RemoteExit>(message)) return;
        session->ended = true;
        session->connection->close_after_send();
    });
    if (!attached) return refuse(attached.message());
    session->attached = *attached;
    if (session->early_window) peer_window(session, *session->early_window);
    for (const auto& input : session->early_input)
        peer_input(session, input);
    session->early_input.clear();
}

// As local_input: what comes before the attach is decided waits (bounded) in the session.
void RemoteService::peer_input(const std::shared_ptr<PeerSession>& session,
                               const wire::RemoteInput& input) {
    const auto refuse = [&](const std::string& why) {
        session->connection->send(refusal(kRefused, why));
        session->connection->close_after_send();
    };
    if (session->attached) {
        if (auto taken = session->attached->input(input); !taken) refuse(taken.message());
        return;
    }
    if (!session->started) return session->connection->close("input before an attach");
    session->early_bytes += input.data.size();
    if (session->early_bytes > kUnreadInputBytes)
        return refuse("more than " + std::to_string(kUnreadInputBytes >> 20) +
                      " MiB of standard input waiting for an attach");
    session->early_input.push_back(input);
}

}  // namespace bramble::execd

namespace bramble::execd {

// qrsh's window changed (qrsh -pty y, qlogin): checked here, then for the job, the execd the
// attach went on to, or (before the attach is decided) kept, the last one only.
void RemoteService::local_window(const std::shared_ptr<Request>& request,
                                 const wire::RemoteWindow& window) {
    if (auto checked = check_window(window); !checked)
        return request->answer(refusal(kRefused, "qrsh sent " + checked.message()));
    if (request->attached) {
        if (auto resized = request->attached->resize(window); !resized)
            request->answer(refusal(kRefused, resized.message()));
        return;
    }
    if (request->call) {
        request->call->send(window, kUnreadInputBytes);
        return;
    }
    if (!request->started) return request->connection->close("a window size before an attach");
    request->early_window = window;
}

void RemoteService::peer_window(const std::shared_ptr<PeerSession>& session,
                                const wire::RemoteWindow& window) {
    const auto refuse = [&](const std::string& why) {
        session->connection->send(refusal(kRefused, why));
        session->connection->close_after_send();
    };
    if (auto checked = check_window(window); !checked)
        return refuse("qrsh sent " + checked.message());
    if (session->attached) {
        if (auto resized = session->attached->resize(window); !resized) refuse(resized.message());
        return;
    }
    if (!session->started) return session->connection->close("a window size before an attach");
    session->early_window = window;
}

}  // namespace bramble::execd
