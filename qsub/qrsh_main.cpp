// qrsh -inherit [-nostdin] [-noshell] [-V] [-v VAR[=VALUE]] [-cwd] [-wd DIR] HOST COMMAND [ARGS...]
// Starts COMMAND on HOST, one of the hosts of the running parallel job this process belongs to
// (JOB_ID), through this node's execd ($BRAMBLE_EXECD_SOCKET), the way Open MPI's Grid Engine
// launcher starts its daemons. It stays attached: the command's stdout and stderr arrive here, its
// exit status is qrsh's (128 + signal for a signal), and killing qrsh (SIGTERM, SIGINT, SIGHUP)
// kills the command. The command's stdin is always /dev/null.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "execd/qrsh_args.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

extern char** environ;

namespace {

using namespace bramble;

constexpr int kFailed = 1;  // a refusal or a local error, as Grid Engine's qrsh exits

int fail(const std::string& message) {
    std::fprintf(stderr, "qrsh: %s\n", message.c_str());
    return kFailed;
}

execd::EnvList environment() {
    execd::EnvList env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const auto equals = text.find('=');
        if (equals != std::string::npos)
            env.emplace_back(text.substr(0, equals), text.substr(equals + 1));
    }
    return env;
}

std::string current_directory() {
    std::vector<char> buffer(4096);
    return ::getcwd(buffer.data(), buffer.size()) ? buffer.data() : "";
}

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

Result<int> connect_execd() {
    const char* path = std::getenv("BRAMBLE_EXECD_SOCKET");
    if (path == nullptr || *path == '\0')
        return make_error("BRAMBLE_EXECD_SOCKET is not set: qrsh -inherit works only inside a job");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (std::strlen(path) >= sizeof address.sun_path)
        return make_error(std::string("the socket path ") + path + " is too long");
    std::strcpy(address.sun_path, path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return make_error(std::string("cannot reach this node's execd at ") + path + ": " +
                          std::strerror(errno));
    return fd;
}

// What one message from the execd means: keep going (-1) or exit with this status.
int handle(const wire::Message& message) {
    if (const auto* output = std::get_if<wire::RemoteOutput>(&message)) {
        write_all(output->stream == 2 ? 2 : 1, output->data);
        return -1;
    }
    if (const auto* exit = std::get_if<wire::RemoteExit>(&message)) {
        if (!exit->error.empty()) std::fprintf(stderr, "qrsh: %s\n", exit->error.c_str());
        return exit->exit_status;
    }
    return -1;
}

// Relays the execd's answers until the command's exit or a signal to qrsh (which closes the
// connection: the execds kill the command).
int relay(int socket, int signals) {
    wire::FrameDecoder decoder;
    char buffer[64 * 1024];
    while (true) {
        pollfd ready[2] = {{socket, POLLIN, 0}, {signals, POLLIN, 0}};
        if (::poll(ready, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return fail(std::string("poll: ") + std::strerror(errno));
        }
        if (ready[1].revents != 0) {
            signalfd_siginfo info{};
            [[maybe_unused]] const auto got = ::read(signals, &info, sizeof info);
            ::close(socket);
            return 128 + static_cast<int>(info.ssi_signo);
        }
        const ssize_t n = ::recv(socket, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail("this node's execd closed the connection before the command ended");
        decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        while (true) {
            auto body = decoder.next();
            if (!body) return fail("bad answer from the execd: " + body.message());
            if (!body->has_value()) break;
            auto message = wire::decode(**body);
            if (!message) return fail("bad answer from the execd: " + message.message());
            if (const int status = handle(*message); status >= 0) return status;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    auto args = execd::parse_qrsh_args(std::vector<std::string>(argv + 1, argv + argc));
    if (!args) return fail(args.message());
    auto request = execd::qrsh_request(*args, environment(), current_directory());
    if (!request) return fail(request.message());
    sigset_t stops;
    sigemptyset(&stops);
    for (const int sig : {SIGTERM, SIGINT, SIGHUP})
        sigaddset(&stops, sig);
    ::sigprocmask(SIG_BLOCK, &stops, nullptr);
    ::signal(SIGPIPE, SIG_IGN);  // a closed stdout or execd shows as a failed write
    const int signals = ::signalfd(-1, &stops, SFD_CLOEXEC);
    auto socket = connect_execd();
    if (!socket) return fail(socket.message());
    if (!write_all(*socket, wire::frame(wire::encode(*request))))
        return fail(std::string("cannot send to this node's execd: ") + std::strerror(errno));
    return relay(*socket, signals);
}
