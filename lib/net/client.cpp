#include "net/client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::net {

namespace {

constexpr const char* kRootSocket = "/run/bramble/scheduler.sock";
constexpr const char* kExecdSpools = "/var/lib/bramble/execd/";

// A file descriptor closed when it goes out of scope.
class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }

  private:
    int fd_;
};

std::string describe(const std::string& what, const std::string& path, int error) {
    std::string text = what + " the scheduler at " + path + ": " + std::strerror(error);
    if (error == ENOENT || error == ECONNREFUSED) text += " (is bramble-scheduler running?)";
    return text;
}

using Clock = std::chrono::steady_clock;

// Waits until fd is ready for `events` or the deadline passes.
bool wait_ready(int fd, short events, Clock::time_point deadline) {
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd entry{fd, events, 0};
        const int ready = ::poll(&entry, 1, static_cast<int>(left));
        if (ready > 0) return true;
        if (ready < 0 && errno != EINTR) return false;
    }
}

Status send_all(int fd, const std::string& bytes, const std::string& path,
                Clock::time_point deadline) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN && wait_ready(fd, POLLOUT, deadline)) {
            continue;
        } else {
            return make_error(describe("cannot send to", path, n < 0 ? errno : EPIPE));
        }
    }
    return ok_status();
}

Result<std::string> receive_frame(int fd, const std::string& path, Clock::time_point deadline) {
    // The scheduler's reply (a listing may be megabytes): room for it at once, not at every
    // doubling.
    wire::FrameDecoder decoder(wire::kMaxFrameBytes, wire::FrameDecoder::Reserve::whole_frame);
    char buffer[64 * 1024];
    while (true) {
        auto body = decoder.next();
        if (!body)
            return make_error("the scheduler at " + path + " sent a bad reply: " + body.message());
        if (body->has_value()) return std::move(**body);
        if (!wait_ready(fd, POLLIN, deadline)) {
            return make_error("the scheduler at " + path + " did not answer in time");
        }
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        } else if (n == 0) {
            return make_error("the scheduler at " + path +
                              " closed the connection without answering");
        } else if (errno != EINTR && errno != EAGAIN) {
            return make_error(describe("cannot read from", path, errno));
        }
    }
}

}  // namespace

// The tool socket of this machine's execd when it runs as root with its default spool and name.
std::string default_relay_socket() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) return {};
    std::string name(host);
    name = name.substr(0, name.find('.'));
    return std::string(kExecdSpools) + name + "/tools.sock";
}

std::string scheduler_socket_path() {
    if (const char* explicit_path = std::getenv("BRAMBLE_SOCKET");
        explicit_path && *explicit_path) {
        return explicit_path;
    }
    if (::access(kRootSocket, F_OK) == 0) return kRootSocket;
    std::string own;
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
        own = std::string(runtime) + "/bramble/scheduler.sock";
        if (::access(own.c_str(), F_OK) == 0) return own;
    }
    // Not the head node: this node's execd relays (its jobs are told where it listens).
    if (const char* relay = std::getenv("BRAMBLE_RELAY_SOCKET"); relay && *relay) return relay;
    if (const std::string relay = default_relay_socket();
        !relay.empty() && ::access(relay.c_str(), F_OK) == 0) {
        return relay;
    }
    return own.empty() ? kRootSocket : own;
}

Result<wire::Message> call(const wire::Message& request, const std::string& socket_path,
                           int timeout_ms, Delivery* delivery) {
    Delivery ignored = Delivery::NotSent;
    Delivery& reached = delivery != nullptr ? *delivery : ignored;
    reached = Delivery::NotSent;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.size() >= sizeof address.sun_path) {
        return make_error("the socket path " + socket_path + " is too long for a Unix socket");
    }
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return make_error(describe("cannot create a socket for", socket_path, errno));
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        return make_error(describe("cannot reach", socket_path, errno));
    }
    auto sent = send_all(fd.get(), wire::frame(wire::encode(request)), socket_path, deadline);
    // The scheduler acts only on a whole frame, so a request not wholly sent was not received.
    if (sent) reached = Delivery::MayHaveArrived;
    auto body = receive_frame(fd.get(), socket_path, deadline);
    // A scheduler that turned us away (too many connections) said why before it hung up, and that
    // explains a failed send better than "broken pipe".
    if (!sent && !body) return sent.error();
    if (!body) return body.error();
    auto reply = wire::decode(*body);
    if (!reply)
        return make_error("the scheduler at " + socket_path +
                          " sent a bad reply: " + reply.message());
    return reply;
}

}  // namespace bramble::net
