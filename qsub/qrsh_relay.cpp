// qrsh's connection to an execd (see qrsh_relay.hpp).
#include "qrsh_relay.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "qrsh_terminal.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::tools {

namespace {

constexpr std::size_t kInputChunk = 64 * 1024;

bool write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool send(int socket, const wire::Message& message) {
    return write_all(socket, wire::frame(wire::encode(message)));
}

Result<int> connect_to(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path)
        return make_error("the socket path " + path + " is too long");
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return make_error("cannot reach the execd at " + path + ": " + std::strerror(errno));
    return fd;
}

// What one message from the execd means: keep going (-1) or exit with this status.
int handle(const wire::Message& message) {
    if (const auto* output = std::get_if<wire::RemoteOutput>(&message)) {
        write_all(output->stream == 2 ? 2 : 1, output->data);
        return -1;
    }
    if (const auto* exit = std::get_if<wire::RemoteExit>(&message)) {
        if (!exit->error.empty())
            (void)std::fprintf(stderr, "qrsh: %s%s", exit->error.c_str(), line_end());
        return exit->exit_status;
    }
    return -1;
}

// One read of stdin, sent on as RemoteInput; false once stdin has ended (the end is sent too).
bool forward_input(int socket) {
    std::string data(kInputChunk, '\0');
    ssize_t n = 0;
    do {
        n = ::read(0, data.data(), data.size());
    } while (n < 0 && errno == EINTR);
    wire::RemoteInput input;
    if (n > 0) {
        data.resize(static_cast<std::size_t>(n));
        input.data = std::move(data);
    } else {
        input.end = true;
    }
    send(socket, input);
    return !input.end;
}

// Relays until the command's exit or a signal to qrsh (which closes the connection: the execds
// end the command). SIGWINCH, taken only with a terminal, sends the terminal's new size.
int relay(int socket, int signals, bool forward_stdin) {
    wire::FrameDecoder decoder;
    char buffer[64 * 1024];
    bool reading_stdin = forward_stdin;
    while (true) {
        pollfd ready[3] = {{socket, POLLIN, 0}, {signals, POLLIN, 0}, {0, POLLIN, 0}};
        if (::poll(ready, reading_stdin ? 3 : 2, -1) < 0) {
            if (errno == EINTR) continue;
            return qrsh_fail(std::string("poll: ") + std::strerror(errno));
        }
        if (ready[1].revents != 0) {
            signalfd_siginfo info{};
            [[maybe_unused]] const auto got = ::read(signals, &info, sizeof info);
            if (info.ssi_signo == SIGWINCH) {
                if (const auto window = window_of(0)) send(socket, *window);
                continue;
            }
            ::close(socket);
            return 128 + static_cast<int>(info.ssi_signo);
        }
        if (reading_stdin && ready[2].revents != 0) reading_stdin = forward_input(socket);
        if (ready[0].revents == 0) continue;
        const ssize_t n = ::recv(socket, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return qrsh_fail("the execd closed the connection before the command ended");
        decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        while (true) {
            auto body = decoder.next();
            if (!body) return qrsh_fail("bad answer from the execd: " + body.message());
            if (!body->has_value()) break;
            auto message = wire::decode(**body);
            if (!message) return qrsh_fail("bad answer from the execd: " + message.message());
            if (const int status = handle(*message); status >= 0) return status;
        }
    }
}

}  // namespace

int qrsh_fail(const std::string& message) {
    (void)std::fprintf(stderr, "qrsh: %s%s", message.c_str(), line_end());
    return kQrshFailed;
}

sigset_t qrsh_stop_signals() {
    sigset_t stops;
    sigemptyset(&stops);
    for (const int sig : {SIGTERM, SIGINT, SIGHUP})
        sigaddset(&stops, sig);
    return stops;
}

void qrsh_take_signals() {
    const sigset_t stops = qrsh_stop_signals();
    ::sigprocmask(SIG_BLOCK, &stops, nullptr);
    (void)::signal(SIGPIPE, SIG_IGN);
}

int qrsh_relay(const std::string& socket_path, const wire::Message& request, Stdin stdin_use,
               bool terminal) {
    sigset_t taken = qrsh_stop_signals();
    if (terminal) {
        sigset_t resizes;
        sigemptyset(&resizes);
        sigaddset(&resizes, SIGWINCH);
        ::sigprocmask(SIG_BLOCK, &resizes, nullptr);
        sigaddset(&taken, SIGWINCH);
    }
    const int signals = ::signalfd(-1, &taken, SFD_CLOEXEC);
    auto socket = connect_to(socket_path);
    if (!socket) return qrsh_fail(socket.message());
    if (!send(*socket, request))
        return qrsh_fail("cannot send to the execd: " + std::string(std::strerror(errno)));
    if (stdin_use == Stdin::closed) send(*socket, wire::RemoteInput{{}, true});
    return relay(*socket, signals, stdin_use == Stdin::forwarded);
}

}  // namespace bramble::tools
