// libFuzzer target: any bytes as a job script piped to qsub, read with its #$ directives exactly
// as qsub reads it. Must never crash, whatever the directives say.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jobscript/submission.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string script(reinterpret_cast<const char*>(data), size);
    // -@ reads a named file; a fuzzer naming /dev/stdin or a FIFO would only test the file system.
    if (script.find("-@") != std::string::npos) return 0;
    bramble::jobscript::SubmitContext context;
    context.env = {"/home/fuzz", {{"HOME", "/home/fuzz"}, {"PATH", "/usr/bin"}}};
    context.hostname = "fuzzhost";
    context.read_stdin = [&script]() -> bramble::Result<std::string> { return script; };
    auto submission = bramble::jobscript::parse_submission(context);
    if (!submission.ok() && submission.message().empty()) __builtin_trap();
    return 0;
}
