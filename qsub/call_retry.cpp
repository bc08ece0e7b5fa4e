// random_token and call_with_retry (see call_retry.hpp).
#include "call_retry.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "net/client.hpp"

namespace bramble::tools {

namespace {

// Pauses before the second and third attempt: long enough for a scheduler restart to reopen its
// socket, short enough that a user waiting on a dead scheduler hears about it quickly.
constexpr long kRetryPauseMs[] = {200, 800};

void pause_ms(long ms) {
    timespec delay{ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
}

}  // namespace

Result<std::string> random_token() {
    unsigned char bytes[16];
    const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error(std::string("cannot open /dev/urandom: ") + std::strerror(errno));
    std::size_t got = 0;
    while (got < sizeof bytes) {
        const ssize_t n = ::read(fd, bytes + got, sizeof bytes - got);
        if (n <= 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            return make_error("cannot read /dev/urandom");
        }
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (const unsigned char b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 0xf];
    }
    return token;
}

Result<wire::Message> call_with_retry(const wire::Message& request) {
    const std::string socket = net::scheduler_socket_path();
    auto reply = net::call(request, socket);
    for (const long pause : kRetryPauseMs) {
        if (reply) break;
        pause_ms(pause);
        reply = net::call(request, socket);
    }
    return reply;
}

}  // namespace bramble::tools
