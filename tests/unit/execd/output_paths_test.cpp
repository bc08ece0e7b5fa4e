// -o/-e paths as Grid Engine users write them, resolved the way the shepherd opens them.
#include "execd/shepherd/output_paths.hpp"

#include <gtest/gtest.h>

namespace bramble::shepherd {
namespace {

const PathContext kContext{"/home/alice", "alice", "42", "pi", "pi01", "/home/alice/runs"};

bool is_a_known_directory(const std::string& path) {
    return path == "/home/alice/runs/logs" || path == "/scratch" || path == "/home/alice";
}

struct Case {
    const char* written;
    char stream;
    const char* expected;
};

TEST(OutputPaths, ResolveAsGridEngineDoes) {
    const Case cases[] = {
        {"", 'o', "/home/alice/runs/pi.o42"},  // default in the workdir
        {"", 'e', "/home/alice/runs/pi.e42"},
        {"out.txt", 'o', "/home/alice/runs/out.txt"},  // relative to the workdir
        {"/data/run.log", 'o', "/data/run.log"},
        {"/dev/null", 'e', "/dev/null"},
        {"logs", 'o', "/home/alice/runs/logs/pi.o42"},   // an existing directory
        {"logs/", 'e', "/home/alice/runs/logs/pi.e42"},  // written as a directory
        {"./results/", 'o', "/home/alice/runs/./results/pi.o42"},
        {"/scratch", 'e', "/scratch/pi.e42"},
        {"~/out", 'o', "/home/alice/out"},
        {"~", 'o', "/home/alice/pi.o42"},  // home is a directory
        {"$HOME/$JOB_NAME.$JOB_ID", 'o', "/home/alice/pi.42"},
        {"$USER-$HOSTNAME-$TASK_ID.log", 'o', "/home/alice/runs/alice-pi01-undefined.log"},
        {"head:/data/x.out", 'o', "/data/x.out"},        // [host:]path
        {"$OTHER/x", 'o', "/home/alice/runs/$OTHER/x"},  // not a pseudo variable
    };
    for (const auto& c : cases) {
        EXPECT_EQ(resolve_output_path(c.written, c.stream, kContext, is_a_known_directory),
                  c.expected)
            << "-" << c.stream << " " << c.written;
    }
}

TEST(OutputPaths, HomeIsAlsoADirectoryWhenAskedDirectly) {
    const auto is_dir = [](const std::string& path) { return path == "/home/alice"; };
    EXPECT_EQ(resolve_output_path("$HOME", 'e', kContext, is_dir), "/home/alice/pi.e42");
}

}  // namespace
}  // namespace bramble::shepherd
