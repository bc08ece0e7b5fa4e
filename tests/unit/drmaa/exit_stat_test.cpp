// drmaa_wait's status word and rusage list, from the accounting record qacct shows.
#include "exit_stat.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bramble::drmaa {
namespace {

using ::testing::Contains;

TEST(ExitStat, ExitedSignaledAndAbortedSurviveTheRoundTrip) {
    wire::AccountingRecord exited;
    exited.exit_status = 3;
    auto parts = decode_stat(encode_stat(exit_parts(&exited)));
    EXPECT_TRUE(parts.exited);
    EXPECT_FALSE(parts.signaled || parts.aborted);
    EXPECT_EQ(parts.exit_status, 3);

    wire::AccountingRecord killed;
    killed.exit_status = 137;
    killed.signal = 9;
    parts = decode_stat(encode_stat(exit_parts(&killed)));
    EXPECT_TRUE(parts.signaled);
    EXPECT_FALSE(parts.exited || parts.aborted);
    EXPECT_EQ(signal_name(parts.signal), "SIGKILL");

    EXPECT_TRUE(decode_stat(encode_stat(exit_parts(nullptr))).aborted);
    wire::AccountingRecord no_shell;
    no_shell.failed = 27;  // its shell was not found: the program never started
    EXPECT_TRUE(decode_stat(encode_stat(exit_parts(&no_shell))).aborted);
    wire::AccountingRecord over_limit;
    over_limit.failed = 37;  // ran, then ended for its memory
    over_limit.signal = 9;
    EXPECT_FALSE(decode_stat(encode_stat(exit_parts(&over_limit))).aborted);
}

TEST(ExitStat, RusageUsesGridEnginesNamesAndFormat) {
    wire::AccountingRecord r;
    r.exit_status = 2;
    r.wall_seconds = 12;
    r.user_seconds = 1.5;
    r.system_seconds = 0.25;
    r.max_rss_kb = 2048;
    const auto entries = rusage_entries(r);
    EXPECT_THAT(entries, Contains("exit_status=2.0000"));
    EXPECT_THAT(entries, Contains("wallclock=12.0000"));
    EXPECT_THAT(entries, Contains("ru_wallclock=12.0000"));
    EXPECT_THAT(entries, Contains("cpu=1.7500"));
    EXPECT_THAT(entries, Contains("maxvmem=2097152.0000"));
    EXPECT_THAT(entries, Contains("ru_maxrss=2048.0000"));
}

}  // namespace
}  // namespace bramble::drmaa
