// libFuzzer target: any bytes as a YAML job file. parse_yaml_job must return a value or an
// error, never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jobscript/yaml_job.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto spec = bramble::jobscript::parse_yaml_job(text, "fuzz.yaml", "/home/fuzz");
    if (!spec.ok() && spec.message().empty()) __builtin_trap();  // every error says something
    return 0;
}
