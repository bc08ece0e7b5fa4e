// libFuzzer target: the frames a peer sends while two daemons prove the cluster key, and after.
// Must never crash or hang; nothing but a correct proof may complete the handshake, and every
// refusal must say why.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/session_auth.hpp"

using bramble::auth::ClusterKey;
using bramble::auth::SessionAuth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const ClusterKey key("a key the fuzzer does not know");
    // The input split at newlines into frame bodies, fed to both sides of a handshake.
    for (const auto side : {SessionAuth::Side::Accepting, SessionAuth::Side::Connecting}) {
        SessionAuth auth(key, side);
        (void)auth.opening();
        std::size_t start = 0;
        while (start <= bytes.size()) {
            const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
            auto received = auth.receive(std::string(bytes.substr(start, end - start)));
            if (!received.ok()) {
                if (received.message().empty()) __builtin_trap();
                break;
            }
            // Without the key, the accepting side can never be convinced.
            if (side == SessionAuth::Side::Accepting && received->became_ready) __builtin_trap();
            start = end + 1;
        }
    }
    return 0;
}
