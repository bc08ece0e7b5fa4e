// libFuzzer target: any bytes arriving on a daemon's socket, cut into frames and decoded as
// messages exactly as the scheduler and execd do. Must never crash, hang or throw; every rejected
// frame or body must come with a reason.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wire/codec.hpp"
#include "wire/frame.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The raw bytes as one message body, as a peer that skipped framing would send them.
    auto direct = bramble::wire::decode(bytes);
    if (!direct.ok() && direct.message().empty()) __builtin_trap();
    // The same bytes as a stream of frames, fed in two uneven pieces.
    bramble::wire::FrameDecoder decoder(64 * 1024);
    decoder.feed(bytes.substr(0, size / 3));
    decoder.feed(bytes.substr(size / 3));
    while (true) {
        auto body = decoder.next();
        if (!body.ok()) {
            if (body.message().empty()) __builtin_trap();
            break;
        }
        if (!body->has_value()) break;
        auto message = bramble::wire::decode(**body);
        if (message.ok()) bramble::wire::encode(*message);  // what decodes must encode again
    }
    return 0;
}
