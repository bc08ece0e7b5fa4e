// Framing: a 4-byte big-endian length, then that many bytes of body. The decoder is sans-I/O: feed
// it bytes as they arrive and take whole frames out. A frame over the limit is an error that closes
// the connection it came on, and nothing else. A frame's announced length is a claim, not a fact:
// unless the sender is trusted (Reserve::whole_frame), memory follows the bytes that arrived.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/result.hpp"

namespace bramble::wire {

// The largest frame from a peer that is known: a local client (the kernel said who) or a daemon
// that proved the cluster key.
inline constexpr std::size_t kMaxFrameBytes = std::size_t{8} * 1024 * 1024;
// The largest frame from a peer that has proved nothing yet: room for the cluster-key handshake
// (about 150 bytes a frame), so a stranger cannot make a daemon hold megabytes.
inline constexpr std::size_t kMaxUnprovenFrameBytes = std::size_t{4} * 1024;
inline constexpr std::size_t kFrameHeaderBytes = 4;

// The header and body of one frame, ready to write.
std::string frame(std::string_view body);

class FrameDecoder {
  public:
    enum class Reserve {
        as_bytes_arrive,  // the buffer grows with what was received (a peer may lie)
        whole_frame,      // room for the announced frame at once (a reply from our scheduler)
    };

    explicit FrameDecoder(std::size_t max_body = kMaxFrameBytes,
                          Reserve reserve = Reserve::as_bytes_arrive)
        : max_body_(max_body), reserve_(reserve) {}

    // A new limit for the frames still to come: raised once the peer has proved who it is.
    void set_max_body(std::size_t max_body) { max_body_ = max_body; }

    void feed(std::string_view bytes) { buffer_.append(bytes); }

    // The next whole frame's body; nothing when more bytes are needed; an error when the peer sent
    // a frame over the limit (the connection must then be closed).
    Result<std::optional<std::string>> next();

    // Bytes received but not yet returned as a frame.
    [[nodiscard]] std::size_t buffered() const { return buffer_.size() - consumed_; }
    // Memory the decoder holds for its buffer, received or reserved.
    [[nodiscard]] std::size_t held_bytes() const { return buffer_.capacity(); }

  private:
    std::size_t max_body_;
    Reserve reserve_;
    std::string buffer_;
    std::size_t consumed_ = 0;
};

}  // namespace bramble::wire
