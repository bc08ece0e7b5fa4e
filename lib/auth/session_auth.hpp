// Two daemons proving to each other that they hold the cluster key, then signing every message.
//
// When a TCP connection between daemons opens, the accepting side sends a challenge (a fresh
// nonce); the connecting side answers with its own nonce and a proof (an HMAC of both nonces under
// the cluster key); the accepting side checks it and answers with its own proof. Neither side
// trusts a byte before that, and no step reads a clock: Pis before the Pi 5 have no real-time
// clock. Each side then derives a session key from both nonces and sends every message as an HMAC
// of (direction, sequence number, message) followed by the message, so a message that is forged,
// altered, replayed, reordered or reflected back is refused. Messages are not encrypted: job
// scripts and environments cross the network readable, as they do in Grid Engine.
//
// Pure: no sockets, no clock. The connection feeds it frame bodies and sends what it returns.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/cluster_key.hpp"
#include "model/result.hpp"

namespace bramble::auth {

// How long a peer has, from the moment the connection opens, to complete the handshake; the
// connection's owner times it (this class reads no clock). A peer that connects and says nothing
// would otherwise hold a socket forever.
inline constexpr std::chrono::seconds kHandshakeTime{10};

class SessionAuth {
  public:
    enum class Side { Accepting, Connecting };

    SessionAuth(ClusterKey key, Side side);

    // Frame bodies to send as soon as the connection is open: the accepting side's challenge.
    std::vector<std::string> opening();

    struct Received {
        std::vector<std::string> replies;    // handshake bodies to send now, unsigned
        std::optional<std::string> message;  // a checked message's bytes, once ready
        bool became_ready = false;           // the handshake has just completed
    };
    // One frame body from the peer. An error means the peer is not one of the cluster's daemons
    // (or the connection was tampered with): close the connection and log why.
    Result<Received> receive(std::string body);

    // A message's bytes as a signed frame body. Only once ready().
    std::string seal(std::string_view message);

    [[nodiscard]] bool ready() const { return state_ == State::Ready; }

  private:
    enum class State { WaitingForChallenge, WaitingForProof, WaitingForAcceptance, Ready, Failed };

    Result<Received> fail(std::string why);
    void derive_session();

    ClusterKey key_;
    Side side_;
    State state_;
    std::string accepting_nonce_;
    std::string connecting_nonce_;
    std::optional<ClusterKey> session_;
    std::uint64_t sent_ = 0;
    std::uint64_t received_ = 0;
};

}  // namespace bramble::auth
