// qacct's layouts against Grid Engine 8.1.9's own output (tests/reference/sge/qacct-*.txt).
#include <gtest/gtest.h>

#include <string>

#include "format_accounting.hpp"
#include "qacct_options.hpp"
#include "support/reference.hpp"

namespace bramble::qstat {
namespace {

// Job 55 of the capture: `exit 3`, submitted 08:51:59 UTC on 2026-12-07, ran within a second.
wire::AccountingRecord failing_job() {
    wire::AccountingRecord r;
    r.queue = "all.q";
    r.host = "vm";
    r.group = "geacc";
    r.owner = "geacc";
    r.name = "failing";
    r.job = 55;
    r.account = "sge";
    r.submit_time = 1796633519;
    r.start_time = r.end_time = 1796633520;
    r.exit_status = 3;
    r.user_seconds = 0.002;
    r.system_seconds = 0.005;
    r.max_rss_kb = 4764;  // printed as Grid Engine prints kilobytes: 4764 / 1024 = 4.652
    r.minor_faults = 470;
    r.blocks_out = 8;
    r.voluntary_switches = 8;
    r.involuntary_switches = 5;
    r.project = "NONE";
    r.pe = "NONE";
    r.category = "NONE";
    return r;
}

TEST(QacctBlock, MatchesGridEngineByteForByte) {
    const auto reference = test::grid_engine_reference("qacct-j.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_accounting_block(failing_job(), utc_calendar), reference.out);
}

// Job 58: a 2-slot job deleted with qdel while it ran. Grid Engine also measured io (39.846KB)
// and maxvmem (3.445MB), which bramble does not track: those two lines show 0.
TEST(QacctBlock, ADeletedJobShowsTheSignalAndFailure100) {
    wire::AccountingRecord r = failing_job();
    r.name = "x";
    r.job = 58;
    r.submit_time = r.start_time = 1796633521;
    r.end_time = 1796633528;
    r.wall_seconds = 7;
    r.failed = 100;
    r.exit_status = 137;
    r.max_rss_kb = 4776;
    r.minor_faults = 477;
    r.voluntary_switches = 9;
    r.involuntary_switches = 4;
    r.pe = "smp";
    r.slots = 2;
    r.category = "-pe smp 2";
    std::string expected = test::grid_engine_reference("qacct-j-deleted.txt").out;
    ASSERT_FALSE(expected.empty());
    expected.replace(expected.find("39.846KB"), 8, "0.000B");
    expected.replace(expected.find("3.445MB"), 7, "0.000B");
    EXPECT_EQ(format_accounting_block(r, utc_calendar), expected);
}

TEST(QacctBlock, AnArrayTaskShowsItsNumber) {
    wire::AccountingRecord r = failing_job();
    r.task = 3;
    EXPECT_NE(format_accounting_block(r, utc_calendar).find("taskid       3                   \n"),
              std::string::npos);
}

// The capture's sums: 26 s of wallclock, 1.702 s user, 0.569 s system (memory and io, which
// bramble does not measure, are 0 here).
TEST(QacctUsage, TotalSystemUsageIsGridEnginesTable) {
    wire::AccountingRecord a = failing_job();
    a.wall_seconds = 20;
    a.user_seconds = 1.5;
    a.system_seconds = 0.5;
    wire::AccountingRecord b = failing_job();
    b.wall_seconds = 6;
    b.user_seconds = 0.202;
    b.system_seconds = 0.069;
    std::string expected = test::grid_engine_reference("qacct-summary.txt").out;
    ASSERT_FALSE(expected.empty());
    expected.replace(expected.find("0.034"), 5, "0.000");
    expected.replace(expected.find("0.077"), 5, "0.000");
    EXPECT_EQ(format_usage({a, b}, {}), expected);
}

TEST(QacctUsage, NoRowWhenNoWallclockWasUsed) {
    const std::string text = format_usage({failing_job()}, {});
    EXPECT_EQ(text.substr(0, text.find('\n')), "Total System Usage");
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

// -o without a name: a row per owner, sorted, the column as wide as the longest name plus one.
TEST(QacctUsage, ByOwnerGroupsTheRows) {
    wire::AccountingRecord a = failing_job();
    a.owner = "bramble-alice";
    a.wall_seconds = 3;
    wire::AccountingRecord b = failing_job();
    b.owner = "bob";
    b.wall_seconds = 4;
    UsageColumns columns;
    columns.owner = true;
    const std::string text = format_usage({b, a}, columns);
    // "OWNER" padded to 14 (bramble-alice + 1), then the 13-wide WALLCLOCK title.
    const std::string title = "OWNER" + std::string(9 + 4, ' ') +
                              "WALLCLOCK         UTIME         STIME           CPU             "
                              "MEMORY                 IO                IOW\n";
    EXPECT_EQ(text.substr(0, title.size()), title);
    EXPECT_NE(text.find("\n" + std::string(14 + 112, '=') + "\n"), std::string::npos);
    EXPECT_NE(text.find("\nbramble-alice " + std::string(12, ' ') + "3         0.002"),
              std::string::npos);
    EXPECT_NE(text.find("\nbob" + std::string(11 + 12, ' ') + "4         0.002"),
              std::string::npos);
    EXPECT_LT(text.find("\nbob "), text.find("\nbramble-alice ")) << "sorted by owner";
}

TEST(QacctUsage, ANamedHostIsOneRowUnderItsName) {
    wire::AccountingRecord a = failing_job();
    a.wall_seconds = 5;
    UsageColumns columns;
    columns.host = true;
    columns.host_name = "pi01";
    const std::string text = format_usage({a, a}, columns);
    EXPECT_EQ(text.substr(0, 10), "HOST     W");
    // "pi01" padded to 5 ("HOST" + 1), then 10 in 13 columns.
    EXPECT_NE(text.find("\npi01 " + std::string(11, ' ') + "10 "), std::string::npos);
}

TEST(QacctOptions, TimesAreGridEnginesFormat) {
    std::tm today{};
    today.tm_year = 126;
    auto t = parse_ge_time("12070852", today);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->tm_year, 126);
    EXPECT_EQ(t->tm_mon, 11);
    EXPECT_EQ(t->tm_mday, 7);
    EXPECT_EQ(t->tm_hour, 8);
    EXPECT_EQ(t->tm_min, 52);
    auto with_year = parse_ge_time("6912070852.30", today);
    ASSERT_TRUE(with_year);
    EXPECT_EQ(with_year->tm_year, 169);  // YY below 70 is 20YY
    EXPECT_EQ(with_year->tm_sec, 30);
    EXPECT_EQ(parse_ge_time("199912070852", today)->tm_year, 99);
    EXPECT_FALSE(parse_ge_time("tomorrow", today));
    EXPECT_FALSE(parse_ge_time("12370852", today));
}

std::int64_t utc_epoch(std::tm time) {
    return static_cast<std::int64_t>(timegm(&time));
}

TEST(QacctOptions, DaysCountBackFromNowOrForwardFromBegin) {
    std::tm today{};
    auto last_week = parse_qacct_args({"-d", "7"}, today);
    ASSERT_TRUE(last_week);
    const auto window = start_window(*last_week, 1000000, utc_epoch);
    EXPECT_EQ(window.from, 1000000 - 7 * 86400);
    EXPECT_EQ(window.until, 0);
    auto from_begin = parse_qacct_args({"-b", "202612070000", "-d", "1"}, today);
    ASSERT_TRUE(from_begin);
    const auto bounded = start_window(*from_begin, 0, utc_epoch);
    EXPECT_EQ(bounded.until - bounded.from, 86400);
}

TEST(QacctOptions, OptionalArgumentsAndRefusals) {
    std::tm today{};
    auto all = parse_qacct_args({"-j", "-o"}, today);
    ASSERT_TRUE(all);
    EXPECT_TRUE(all->jobs);
    EXPECT_EQ(all->job, "");
    EXPECT_TRUE(all->columns.owner);
    auto named = parse_qacct_args({"-h", "pi01", "-j", "sn*"}, today);
    ASSERT_TRUE(named);
    EXPECT_EQ(named->columns.host_name, "pi01");
    EXPECT_EQ(named->job, "sn*");
    EXPECT_FALSE(parse_qacct_args({"-x"}, today));
    EXPECT_FALSE(parse_qacct_args({"-d", "many"}, today));
}

}  // namespace
}  // namespace bramble::qstat
