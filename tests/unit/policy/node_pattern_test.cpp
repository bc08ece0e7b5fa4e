// Grid Engine host patterns: wildcards, sets, ranges, negation and `|` alternatives.
#include "policy/node_pattern.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bramble::policy {
namespace {

struct PatternCase {
    const char* pattern;
    const char* name;
    bool matches;
};

TEST(NodePattern, MatchesLikeGridEngine) {
    const PatternCase cases[] = {
        {"pi01", "pi01", true},
        {"pi01", "pi011", false},
        {"pi01", "pi0", false},
        {"pi*", "pi01", true},
        {"pi*", "pi", true},
        {"pi*", "gpu1", false},
        {"*01", "pi01", true},
        {"p*0*1", "pi0001", true},
        {"pi0?", "pi07", true},
        {"pi0?", "pi0", false},
        {"pi0[1-3]", "pi02", true},
        {"pi0[1-3]", "pi04", false},
        {"pi0[135]", "pi05", true},
        {"pi0[135]", "pi02", false},
        {"pi0[!1-3]", "pi04", true},
        {"pi0[^1-3]", "pi02", false},
        {"pi[0-1][0-9]", "pi17", true},
        {"gpu*|pi0[1-2]", "pi02", true},
        {"gpu*|pi0[1-2]", "gpu7", true},
        {"gpu*|pi0[1-2]", "pi03", false},
        {"pi01|", "", true},     // an empty alternative matches only an empty name
        {"pi[0", "pi[0", true},  // an unclosed set is a literal '['
        {"*", "anything", true},
    };
    for (const auto& [pattern, name, matches] : cases) {
        EXPECT_EQ(matches_pattern(pattern, name), matches) << pattern << " vs " << name;
    }
}

TEST(NodePattern, AnyOfSeveralAndNoneMeansAny) {
    const std::vector<std::string> patterns{"gpu*", "pi0[1-2]"};
    EXPECT_TRUE(matches_any(patterns, "pi01"));
    EXPECT_TRUE(matches_any(patterns, "gpu3"));
    EXPECT_FALSE(matches_any(patterns, "pi03"));
    EXPECT_TRUE(matches_any({}, "pi03"));
}

}  // namespace
}  // namespace bramble::policy
