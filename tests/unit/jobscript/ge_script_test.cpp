// #$ directive extraction: the rules Grid Engine's parse_script_file follows, as a table.
#include "jobscript/ge_script.hpp"

#include <gtest/gtest.h>

namespace bramble::jobscript {

// Readable failures: "4: [-N] [pi]".
void PrintTo(const DirectiveLine& d, std::ostream* os) {
    *os << d.line << ":";
    for (const auto& w : d.words)
        *os << " [" << w << "]";
}

namespace {

struct Case {
    const char* what;
    const char* script;
    std::vector<DirectiveLine> expected;
};

TEST(GeScript, ExtractsDirectivesLikeGridEngine) {
    const Case cases[] = {
        {"one directive", "#$ -N pi\n", {{1, {"-N", "pi"}}}},
        {"no blank after the prefix", "#$-S /bin/bash\n", {{1, {"-S", "/bin/bash"}}}},
        {"several options per line",
         "#$ -V -cwd\n#$ -o out -j y\n",
         {{1, {"-V", "-cwd"}}, {2, {"-o", "out", "-j", "y"}}}},
        {"trailing comment dropped", "#$ -pe smp 4   # four cores\n", {{1, {"-pe", "smp", "4"}}}},
        {"### comment dropped too", "#$ -j y ### merge\n", {{1, {"-j", "y"}}}},
        {"##$ is inert", "##$ -t 1-10\n", {}},
        {"indented prefix is inert", "  #$ -N x\n", {}},
        {"before the shebang and after commands count",
         "#$ -N first\n#!/bin/sh\necho hi\n#$ -cwd\n",
         {{1, {"-N", "first"}}, {4, {"-cwd"}}}},
        {"quotes removed from every word",
         "#$ -N \"pi\" -o 'out.log'\n",
         {{1, {"-N", "pi", "-o", "out.log"}}}},
        {"tabs separate and CRLF endings trimmed", "#$\t-cwd\t-V\r\n", {{1, {"-cwd", "-V"}}}},
        {"prefix alone has no words", "#$\n#$   # only a comment\n", {}},
        {"last line without newline", "echo\n#$ -h", {{2, {"-h"}}}},
        {"empty script", "", {}},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(extract_directives(c.script), c.expected) << c.what;
    }
}

TEST(GeScript, OtherPrefixFromDashC) {
    EXPECT_EQ(extract_directives("#PBS -N x\n#$ -N y\n", "#PBS"),
              (std::vector<DirectiveLine>{{1, {"-N", "x"}}}));
    EXPECT_TRUE(extract_directives("#$ -N y\n", "").empty())
        << "an empty prefix turns directives off";
}

}  // namespace
}  // namespace bramble::jobscript
