// random_token and call_with_retry (see call_retry.hpp).
#include "call_retry.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <system_error>
#include <variant>

#include "net/client.hpp"

namespace bramble::tools {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kDefaultRetrySeconds = 60;
constexpr auto kFirstPause = std::chrono::milliseconds(100);
constexpr auto kLongestPause = std::chrono::milliseconds(2000);
constexpr auto kQuietWhile = std::chrono::seconds(1);  // retries before this say nothing

void pause_for(std::chrono::milliseconds pause) {
    timespec delay{pause.count() / 1000, (pause.count() % 1000) * 1000000L};
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
}

bool may_retry(const Result<wire::Message>& reply) {
    if (!reply) return true;
    const auto* error = std::get_if<wire::ErrorReply>(&*reply);
    return error != nullptr && error->retry;
}

std::string why_waiting(const Result<wire::Message>& reply) {
    if (!reply) return reply.message();
    return std::get<wire::ErrorReply>(*reply).message;
}

// The words for a request whose outcome is unknown, and how a person finds it out.
std::string unknown_outcome(const wire::Message& request) {
    if (std::holds_alternative<wire::SubmitRequest>(request)) {
        return "whether the job was queued is unknown: look for it with qstat before submitting "
               "it again, or it may run twice";
    }
    return "whether the request took effect is unknown: qstat shows the jobs as they are now";
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

int retry_seconds() {
    const char* text = std::getenv("BRAMBLE_RETRY_SECONDS");
    if (text == nullptr || *text == '\0') return kDefaultRetrySeconds;
    int seconds = 0;
    const auto [end, error] = std::from_chars(text, text + std::strlen(text), seconds);
    return error == std::errc() && *end == '\0' && seconds >= 0 ? seconds : kDefaultRetrySeconds;
}

Result<wire::Message> call_with_retry(const wire::Message& request, const std::string& tool) {
    return call_with_retry(request, tool, net::scheduler_socket_path());
}

Result<wire::Message> call_with_retry(const wire::Message& request, const std::string& tool,
                                      const std::string& socket) {
    const int patience = retry_seconds();
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::seconds(patience);
    bool arrived = false;  // some attempt may have reached the scheduler
    bool said = false;
    auto pause = std::chrono::duration_cast<std::chrono::milliseconds>(kFirstPause);
    for (;;) {
        net::Delivery delivery = net::Delivery::NotSent;
        // A call waits for its answer no longer than the patience left (at least a second).
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        const int timeout_ms = static_cast<int>(std::max<std::int64_t>(1000, left.count()));
        auto reply = net::call(request, socket, timeout_ms, &delivery);
        if (!reply && delivery == net::Delivery::MayHaveArrived) arrived = true;
        if (!may_retry(reply)) return reply;
        if (Clock::now() + pause > deadline) {
            if (reply || !arrived) return reply;
            return make_error("the scheduler at " + socket + " did not answer within " +
                              std::to_string(patience) + " s (" + reply.message() + "), so " +
                              unknown_outcome(request));
        }
        if (!said && Clock::now() - start >= kQuietWhile) {
            (void)std::fprintf(stderr,
                               "%s: %s; trying again for up to %d s (BRAMBLE_RETRY_SECONDS)\n",
                               tool.c_str(), why_waiting(reply).c_str(), patience);
            said = true;
        }
        pause_for(pause);
        pause = std::min(pause * 2,
                         std::chrono::duration_cast<std::chrono::milliseconds>(kLongestPause));
    }
}

}  // namespace bramble::tools
