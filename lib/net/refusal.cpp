#include "net/refusal.hpp"

#include <sys/socket.h>

#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::net {

void send_refusal(int fd, const wire::Message& refusal) {
    const std::string bytes = wire::frame(wire::encode(refusal));
    // Best effort: a client that cannot take these few bytes learns of the refusal from the close.
    [[maybe_unused]] const auto sent =
        ::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace bramble::net
