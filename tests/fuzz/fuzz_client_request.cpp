// libFuzzer target: any body a client can send on the scheduler's socket, decoded as the
// scheduler decodes it and put through every check the scheduler makes before a handler sees it
// (scheduler/request_checks.hpp, lib/jobscript/spec_check.hpp). Must never crash, hang or throw,
// and every refusal must say why.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "request_checks.hpp"
#include "wire/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto message = bramble::wire::decode(bytes);
    if (!message.ok()) return 0;
    auto checked = bramble::scheduler::check_client_request(*message);
    if (!checked.ok() && checked.message().empty()) __builtin_trap();
    bramble::wire::encode(*message);  // a checked request still encodes (the spool stores it)
    return 0;
}
