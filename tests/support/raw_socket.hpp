// Raw byte connections to a daemon's Unix socket or TCP port, for tests that send what no client
// would (garbage, truncated and oversized frames) and check that only that connection is closed.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace bramble::test {

class RawConnection {
  public:
    static RawConnection unix_socket(const std::string& path);
    static RawConnection tcp_loopback(int port);
    ~RawConnection();
    RawConnection(RawConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    [[nodiscard]] bool connected() const { return fd_ >= 0; }
    bool send(std::string_view bytes);
    // Reads (and drops) whatever the peer sends until it closes the connection; false when it is
    // still open at the time limit.
    bool closed_by_peer(std::chrono::milliseconds timeout);
    void close();

  private:
    explicit RawConnection(int fd) : fd_(fd) {}
    int fd_ = -1;
};

// A frame header announcing `length` bytes (4 bytes, big-endian), as lib/wire/frame writes it.
std::string frame_header(std::uint32_t length);

}  // namespace bramble::test
