// Node patterns (Grid Engine host wildcards) and GPIO line names: what is accepted, and where a
// refusal points.
#include "jobscript/node_pattern.hpp"

#include <gtest/gtest.h>

namespace bramble::jobscript {
namespace {

TEST(NodePattern, GridEngineWildcardsAreAccepted) {
    for (const char* pattern : {"pi03", "pi0[1-3]", "pi*", "pi01|pi02", "pi0?", "pi[!3]", "pi[^3]",
                                "node-1.lab", "pi0[1-3]|gpu*", "[a-c]x[0-9][0-9]", "pi[-1]", "*"}) {
        auto ok = check_node_pattern(pattern);
        EXPECT_TRUE(ok.ok()) << pattern << ": " << ok.message();
    }
}

TEST(NodePattern, Refusals) {
    const struct {
        const char* pattern;
        const char* error;
    } cases[] = {
        {"", "empty node name"},
        {"pi0[1-3",
         "'pi0[1-3' is not a node name or pattern: '[' at position 4 is never closed "
         "with ']'"},
        {"pi0]", "'pi0]' is not a node name or pattern: ']' at position 4 has no '['"},
        {"pi[]", "'pi[]' is not a node name or pattern: '[]' matches nothing"},
        {"pi[3-1]", "'pi[3-1]' is not a node name or pattern: the range 3-1 runs backwards"},
        {"pi01||pi02",
         "'pi01||pi02' is not a node name or pattern: an empty alternative around "
         "'|'"},
        {"pi01|", "'pi01|' is not a node name or pattern: an empty alternative around '|'"},
        {"all.q@pi01",
         "'all.q@pi01' is not a node name or pattern: '@' is not allowed (use letters, digits, . - "
         "_ and the wildcards * ? [...] |)"},
        {"pi 01",
         "'pi 01' is not a node name or pattern: ' ' is not allowed (use letters, digits, . - _ "
         "and the wildcards * ? [...] |)"},
        {"pi[*]", "'pi[*]' is not a node name or pattern: '*' inside [...]"},
    };
    for (const auto& c : cases)
        EXPECT_EQ(check_node_pattern(c.pattern).message(), c.error) << c.pattern;
}

TEST(GpioLineName, LettersDigitsUnderscoreDash) {
    EXPECT_TRUE(check_gpio_line_name("fan").ok());
    EXPECT_TRUE(check_gpio_line_name("led_2-red").ok());
    for (const char* bad : {"", "fan.1", "a b", "fan,led"}) {
        EXPECT_EQ(check_gpio_line_name(bad).message(),
                  "'" + std::string(bad) +
                      "' is not a GPIO line name (letters, digits, '_' and '-', e.g. fan)");
    }
}

}  // namespace
}  // namespace bramble::jobscript
