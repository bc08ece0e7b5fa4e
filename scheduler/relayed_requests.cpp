// Requests a node relays for the users on it (submit from any node). The node has proved the
// cluster key; the scheduler still checks that it is a submit host and that the caller it vouches
// for is one the head knows by the same uid and name (and not root, unless relay_root allows),
// and then answers the request exactly as it answers that user on its own socket: the same
// routes, checks and permissions, the same durable-before-visible reply.
#include <algorithm>
#include <string>
#include <vector>

#include "callers.hpp"
#include "log.hpp"
#include "scheduler.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler {
namespace {

std::string listed(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text.empty() ? "none" : text;
}

Status may_submit(const config::ClusterConfig& config, const std::string& node) {
    if (!config.submit_hosts) return ok_status();
    const auto& hosts = *config.submit_hosts;
    if (std::find(hosts.begin(), hosts.end(), node) != hosts.end()) return ok_status();
    return make_error("node " + node +
                      " is not a submit host of this cluster (submit_hosts: " + listed(hosts) +
                      "); run the command on a submit host or on the head node, or ask an "
                      "administrator to add " +
                      node + " to submit_hosts");
}

Result<Caller> vouched_caller(const config::ClusterConfig& config, const std::string& node,
                              const wire::RelayedRequest& relayed) {
    const std::string uid = std::to_string(relayed.uid);
    if (relayed.uid == 0 && !config.relay_root) {
        return make_error("node " + node +
                          " may not relay root's requests (relay_root is off in the scheduler's "
                          "config); run the command as root on the head node");
    }
    Caller caller = caller_of(relayed.uid, relayed.gid);
    if (caller.user.empty()) {
        return make_error("uid " + uid + " ('" + relayed.user + "' on node " + node +
                          ") has no entry in the head node's user database; uids and user "
                          "names must match across the cluster");
    }
    if (caller.user != relayed.user) {
        return make_error("node " + node + " vouches for uid " + uid + " as '" + relayed.user +
                          "', but the head node's user database names uid " + uid + " '" +
                          caller.user + "'; uids and user names must match across the cluster");
    }
    return caller;
}

// The reply as the node will carry it, or why it cannot carry it.
std::string relayable(const wire::Message& reply) {
    std::string body = wire::encode(reply);
    if (body.size() <= wire::kMaxRelayedBytes) return body;
    return wire::encode(wire::ErrorReply{
        "the answer (" + std::to_string(body.size()) + " bytes) is larger than a node relays (" +
        std::to_string(wire::kMaxRelayedBytes) +
        " bytes); narrow the request (qstat -u USER, qacct -j JOB) or run it on the head node"});
}

}  // namespace

void Scheduler::relayed_request(const std::shared_ptr<NodeChannel>& link, const std::string& node,
                                wire::RelayedRequest relayed) {
    const auto answer = [link, id = relayed.id](const wire::Message& reply) {
        link->send(wire::RelayedReply{id, relayable(reply)});
    };
    const auto refuse = [&](const std::string& why) {
        log("node " + node + ": relayed request for uid " + std::to_string(relayed.uid) +
            " refused: " + why);
        answer(wire::ErrorReply{why});
    };
    if (auto allowed = may_submit(config_, node); !allowed) return refuse(allowed.message());
    auto caller = vouched_caller(config_, node, relayed);
    if (!caller) return refuse(caller.message());
    auto request = wire::decode(relayed.request);
    if (!request) return refuse("the relayed request does not decode: " + request.message());
    handle_client(*caller, std::move(*request), answer);
}

}  // namespace bramble::scheduler
