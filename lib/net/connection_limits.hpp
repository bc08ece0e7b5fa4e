// What one connection may cost a daemon: the largest frame it may send (small until the peer has
// proved who it is), how long it may take to deliver its request, how long a reply may wait for it
// to read, and how many bytes may queue for it. Every door a stranger can knock on sets these.
#pragma once

#include <chrono>
#include <cstddef>

#include "wire/frame.hpp"

namespace bramble::net {

// A local client has this long from connecting to deliver its whole request; a tool sends it at
// once, so only a client that stalls on purpose (half a frame, then silence) meets it.
inline constexpr std::chrono::seconds kRequestTime{5};
// A reply may wait this long for the client to read it.
inline constexpr std::chrono::seconds kReplyTime{10};

// Connections one local user may hold open on a daemon's Unix socket at once: far more than any
// tool needs (each holds one for one request), few enough that a flood from one user leaves files
// for everyone else.
inline constexpr std::size_t kConnectionsPerUid = 64;
// Connections one address may hold open on a daemon's TCP port before proving the cluster key.
inline constexpr std::size_t kUnprovenPerAddress = 16;

// The caps over all users and all addresses, from the process's limit of open files: clients may
// take half of it and unproven peers an eighth, so that the spool, the logs and the links of the
// daemons that did prove the key always have files left.
inline std::size_t total_clients(std::size_t open_files_limit) {
    return open_files_limit / 2 > kConnectionsPerUid ? open_files_limit / 2 : kConnectionsPerUid;
}
inline std::size_t total_unproven(std::size_t open_files_limit) {
    return open_files_limit / 8 > kUnprovenPerAddress ? open_files_limit / 8 : kUnprovenPerAddress;
}

struct ConnectionLimits {
    std::size_t frame_bytes = wire::kMaxFrameBytes;
    // Before the peer has proved the cluster key (FramedConnection::require_auth).
    std::size_t unproven_frame_bytes = wire::kMaxUnprovenFrameBytes;
    // From start() to the first whole message; zero for none (a daemon's long-lived link).
    std::chrono::milliseconds request_time{0};
    // How long one write may wait for the peer to read; zero for none.
    std::chrono::milliseconds write_time{0};
    // Bytes queued for a peer that does not read, past which it is cut off. A single message is
    // always queued whole, whatever its size.
    std::size_t outbox_bytes = std::size_t{16} * wire::kMaxFrameBytes;
};

// A local client's connection: one request, delivered promptly; one reply, read promptly.
inline ConnectionLimits client_limits() {
    ConnectionLimits limits;
    limits.request_time = kRequestTime;
    limits.write_time = kReplyTime;
    return limits;
}

}  // namespace bramble::net
