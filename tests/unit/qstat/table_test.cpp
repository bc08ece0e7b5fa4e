// qstat's default table, compared byte for byte with Grid Engine's layout:
//   "%7d %7.5f %-10.10s %-12.12s %-5.5s MM/DD/YYYY HH:MM:SS %-30s %5d " + 7 blanks
//    8   + 8  + 11    + 13    + 6     + 20                + 31   + 6   + 7   = 110 characters
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_table.hpp"
#include "job_builder.hpp"

namespace bramble::qstat {
namespace {

using test::JobBuilder;

// 114 characters with the trailing blank, then 93 + (30 - 10) = 113 dashes.
const std::string kHeader =
    "job-ID  prior   name       user         state submit/start at     queue                       "
    "   "
    "slots ja-task-ID \n" +
    std::string(113, '-') + "\n";

TEST(JobTable, NoJobsPrintsNothingAtAll) {
    EXPECT_EQ(format_job_table({}, test::utc_context()), "");
}

TEST(JobTable, HeaderIs114CharactersAndDashLine113) {
    const std::string text = format_job_table({JobBuilder(1, "a")}, test::utc_context());
    const auto first = text.find('\n');
    EXPECT_EQ(first, 114u);
    EXPECT_EQ(text.find('\n', first + 1) - first - 1, 113u);
    EXPECT_EQ(text.substr(0, kHeader.size()), kHeader);
}

TEST(JobTable, RunningThenPendingExactlyAsGridEngine) {
    const std::vector<JobRow> jobs = {
        JobBuilder(124, "array"),
        JobBuilder(123, "snakejob.a.1.sh").on("pi01", 1),
    };
    // Running first, with its start time and master queue instance; the pending job shows its
    // submit time and an empty 30-wide queue column. Names are cut to 10 characters.
    const std::string expected =
        kHeader +
        "    123 0.55500 snakejob.a pi           r     11/23/2025 09:40:00 all.q@pi01"
        "                         1        \n"
        "    124 0.55500 array      pi           qw    11/23/2025 09:37:01 "
        "                                   1        \n";
    EXPECT_EQ(format_job_table(jobs, test::utc_context()), expected);
}

TEST(JobTable, EveryJobLineIs110CharactersForShortIds) {
    const std::vector<JobRow> jobs = {JobBuilder(1, "x"), JobBuilder(2, "y").on("pi02", 4)};
    const std::string text = format_job_table(jobs, test::utc_context());
    std::size_t start = kHeader.size();
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        EXPECT_EQ(end - start, 110u) << text.substr(start, end - start);
        start = end + 1;
    }
}

TEST(JobTable, LongNamesAndUsersAreTruncated) {
    const JobRow job = JobBuilder(7, "averyverylongjobname").user("someone_with_a_long_name");
    // name: 10 of 20 characters, user: 12 of 24.
    const std::string expected =
        kHeader +
        "      7 0.55500 averyveryl someone_with qw    11/23/2025 09:37:01 "
        "                                   1        \n";
    EXPECT_EQ(format_job_table({job}, test::utc_context()), expected);
}

TEST(JobTable, AnEightDigitIdWidensItsLine) {
    // %7d does not cut: 12345678 takes 8 characters and pushes the rest one to the right.
    const std::string expected =
        kHeader +
        "12345678 0.55500 big        pi           qw    11/23/2025 09:37:01 "
        "                                   1        \n";
    EXPECT_EQ(format_job_table({JobBuilder(12345678, "big")}, test::utc_context()), expected);
}

TEST(JobTable, StateLettersAndSlots) {
    struct Case {
        JobState state;
        std::string letters;
    };
    const Case cases[] = {
        {JobState::Pending, "qw   "}, {JobState::Held, "hqw  "}, {JobState::Error, "Eqw  "}};
    for (const auto& c : cases) {
        const JobRow job = JobBuilder(5, "j").state(c.state).slots(4);
        const std::string text = format_job_table({job}, test::utc_context());
        // state column starts at 40; slots "%5d" at 97.
        EXPECT_EQ(text.substr(kHeader.size() + 40, 5), c.letters);
        EXPECT_EQ(text.substr(kHeader.size() + 97, 5), "    4");
    }
}

TEST(JobTable, PlacedStatesShowTheirQueue) {
    JobRow transferring = JobBuilder(8, "t").on("pi03", 2);
    transferring.state = JobState::Dispatched;
    JobRow deleting = JobBuilder(9, "d").on("pi04", 1);
    deleting.state = JobState::Deleting;
    const std::string text = format_job_table({transferring, deleting}, test::utc_context());
    EXPECT_NE(
        text.find("      8 0.55500 t          pi           t     11/23/2025 09:40:00 all.q@pi03"),
        std::string::npos);
    EXPECT_NE(
        text.find("      9 0.55500 d          pi           dr    11/23/2025 09:40:00 all.q@pi04"),
        std::string::npos);
}

TEST(JobTable, FinishedJobsAreNotListed) {
    const JobRow done = JobBuilder(3, "done").state(JobState::Done);
    EXPECT_EQ(format_job_table({done}, test::utc_context()), "");
}

TEST(JobTable, PriorIsTheSchedulersFigure) {
    EXPECT_EQ(format_job_table({JobBuilder(1, "low").score(0.05)}, test::utc_context())
                  .substr(kHeader.size(), 16),
              "      1 0.05000 ");
    EXPECT_EQ(format_job_table({JobBuilder(1, "high").score(0.61234)}, test::utc_context())
                  .substr(kHeader.size(), 16),
              "      1 0.61234 ");
}

// sge-reference qstat-pri.txt: the four parts in %7.5f and %5d ppri; the header's "ntckts   ppri "
// and 148 dashes for a 30-wide queue column (93 + 20 + 35).
TEST(JobTable, PriShowsThePartsOfEachPriority) {
    auto context = test::utc_context();
    context.priority_columns = true;
    const std::string text = format_job_table(
        {JobBuilder(7, "wide").priority(-100).score(0.75, 0.45, 0.75, 0.5)}, context);
    const std::string header = text.substr(0, text.find('\n'));
    EXPECT_EQ(header,
              "job-ID  prior   nurg    npprior ntckts   ppri name       user         state "
              "submit/start at     queue                          slots ja-task-ID ");
    const auto row = text.substr(text.find('\n', header.size() + 1) + 1);
    // prior, nurg (waiting), npprior (-p), ntckts (fair share), ppri (-p as given).
    EXPECT_EQ(row.substr(0, 50), "      7 0.75000 0.50000 0.45000 0.75000  -100 wide");
    EXPECT_EQ(text.find('\n', header.size() + 1) - header.size() - 1, 148u);
}

TEST(JobTable, PendingJobsByPriorityThenSubmitTime) {
    JobRow early = JobBuilder(20, "early");
    JobRow late = JobBuilder(10, "late");
    late.submit_time += 5;
    JobRow urgent = JobBuilder(30, "urgent").score(0.9);
    const std::string text = format_job_table({late, early, urgent}, test::utc_context());
    EXPECT_LT(text.find("urgent"), text.find("early"));
    EXPECT_LT(text.find("early"), text.find("late"));
}

TEST(JobTable, LongQueueInstanceWidensTheQueueColumn) {
    const JobRow job = JobBuilder(1, "w").on("a-very-long-node-name-xy", 1);
    // "all.q@" (6) + "a-very-long-node-name-xy" (24) = 30 fits; one more character makes it 31.
    const JobRow wider = JobBuilder(2, "w").on("a-very-long-node-name-xyz", 1);
    EXPECT_EQ(format_job_table({job}, test::utc_context()).find('\n'), 114u);
    const std::string text = format_job_table({wider}, test::utc_context());
    EXPECT_EQ(text.find('\n'), 115u);
    EXPECT_EQ(text.find('\n', 116) - 116, 114u);  // 93 + (31 - 10) dashes
}

}  // namespace
}  // namespace bramble::qstat
