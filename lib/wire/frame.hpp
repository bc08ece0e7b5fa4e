// Framing: a 4-byte big-endian length, then that many bytes of body. The decoder is sans-I/O: feed
// it bytes as they arrive and take whole frames out. A frame over the limit is an error that closes
// the connection it came on, and nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/result.hpp"

namespace bramble::wire {

inline constexpr std::size_t kMaxFrameBytes = std::size_t{8} * 1024 * 1024;
inline constexpr std::size_t kFrameHeaderBytes = 4;

// The header and body of one frame, ready to write.
std::string frame(std::string_view body);

class FrameDecoder {
  public:
    explicit FrameDecoder(std::size_t max_body = kMaxFrameBytes) : max_body_(max_body) {}

    void feed(std::string_view bytes) { buffer_.append(bytes); }

    // The next whole frame's body; nothing when more bytes are needed; an error when the peer sent
    // a frame over the limit (the connection must then be closed).
    Result<std::optional<std::string>> next();

    // Bytes received but not yet returned as a frame.
    [[nodiscard]] std::size_t buffered() const { return buffer_.size() - consumed_; }

  private:
    std::size_t max_body_;
    std::string buffer_;
    std::size_t consumed_ = 0;
};

}  // namespace bramble::wire
