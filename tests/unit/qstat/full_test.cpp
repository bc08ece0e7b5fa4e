// qstat -f, byte for byte. Queue line: "%-30.30s %-5.5s %-14.14s %-8.8s %-13.13s %s"
//   31 (name) + 6 (qtype) + 15 (resv/used/tot.) + 9 (load) + 14 (arch) = 75, then the states.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_full.hpp"
#include "format_requests.hpp"
#include "job_builder.hpp"

namespace bramble::qstat {
namespace {

using test::JobBuilder;

// 30 + " qtype" (6) + " resv/used/tot." (15) + " load_avg" (9) + " arch         " (14) + " states"
// (7)
const std::string kHeader =
    "queuename                      qtype resv/used/tot. load_avg arch          states\n";
const std::string kDashes = std::string(81, '-') + "\n";
const std::string kPendingBanner = "\n" + std::string(76, '#') + "\n" +
                                   " - PENDING JOBS - PENDING JOBS - PENDING JOBS - PENDING JOBS - "
                                   "PENDING JOBS\n" +
                                   std::string(76, '#') + "\n";

// The jobs and nodes of the two listings below.
struct Cluster {
    std::vector<wire::NodeStatus> nodes;
    std::vector<JobRow> jobs;
};

Cluster three_nodes() {
    std::vector<wire::NodeStatus> nodes = {test::node("pi02", 4), test::node("pi01", 4),
                                           test::node("pi03", 4, false)};
    nodes[0].slots_used = 2;
    nodes[1].slots_used = 2;
    nodes[0].memory_reserved = 1ULL << 30;
    // A parallel job holding 2 cores on each of pi01 and pi02 is listed under both, with the
    // slots it holds there; the pending job comes after the banner.
    const std::vector<JobRow> jobs = {JobBuilder(124, "waiting").slots(4),
                                      JobBuilder(123, "mpi").on("pi01", 2).on("pi02", 2)};
    return {nodes, jobs};
}

// sge-reference qstat-f.txt: a queue line, then its jobs at once; resources only with -F.
TEST(FullListing, NodesWithTheirJobsThenPendingJobs) {
    const auto [nodes, jobs] = three_nodes();
    const std::string expected =
        kHeader + kDashes +
        "all.q@pi01                     BIP   0/2/4          0.01     lx-arm64      \n"
        "    123 0.55500 mpi        pi           r     11/23/2025 09:40:00     2        \n" +
        kDashes +
        "all.q@pi02                     BIP   0/2/4          0.01     lx-arm64      \n"
        "    123 0.55500 mpi        pi           r     11/23/2025 09:40:00     2        \n" +
        kDashes +
        // Down: no load ("-NA- "), states "au".
        "all.q@pi03                     BIP   0/0/4          -NA-     lx-arm64      au\n" +
        kPendingBanner +
        "    124 0.55500 waiting    pi           qw    11/23/2025 09:37:01     4        \n";
    EXPECT_EQ(format_full_listing(jobs, nodes, test::utc_context()), expected);
}

// qstat -F: Grid Engine's hl: (load) and hc: (consumable) lines, a tab first, under each queue.
TEST(FullListing, ResourceLinesOnlyWithCapitalF) {
    const auto [nodes, jobs] = three_nodes();
    auto context = test::utc_context();
    context.resource_lines = true;
    const std::string expected =
        kHeader + kDashes +
        "all.q@pi01                     BIP   0/2/4          0.01     lx-arm64      \n"
        "\thl:mem_total=4.0G\n\thl:mem_used=512.0M\n\thc:mem_free=4.0G\n"
        "    123 0.55500 mpi        pi           r     11/23/2025 09:40:00     2        \n" +
        kDashes +
        "all.q@pi02                     BIP   0/2/4          0.01     lx-arm64      \n"
        "\thl:mem_total=4.0G\n\thl:mem_used=512.0M\n\thc:mem_free=3.0G\n"
        "    123 0.55500 mpi        pi           r     11/23/2025 09:40:00     2        \n" +
        kDashes +
        // Down: no load ("-NA- "), states "au", no mem_used line.
        "all.q@pi03                     BIP   0/0/4          -NA-     lx-arm64      au\n"
        "\thl:mem_total=4.0G\n\thc:mem_free=4.0G\n" +
        kPendingBanner +
        "    124 0.55500 waiting    pi           qw    11/23/2025 09:37:01     4        \n";
    EXPECT_EQ(format_full_listing(jobs, nodes, context), expected);
}

// qstat -f -ext: Grid Engine prints -f's job lines through the -ext table's code (qstat.c,
// job_stdout_job), without the queue column: tickets and usage, no submit/start.
TEST(FullListing, ExtGivesTheJobLinesTheExtendedColumns) {
    const auto [nodes, jobs] = three_nodes();
    auto context = test::utc_context();
    context.extended_columns = true;
    const std::string running =
        "    123 0.55500 0.00000 mpi        pi           NA               "
        "defaultdep r     NA         NA      NA          0     0     0     "
        "0     0 0.00      2        \n";
    const std::string expected =
        kHeader + kDashes +
        "all.q@pi01                     BIP   0/2/4          0.01     lx-arm64      \n" + running +
        kDashes + "all.q@pi02                     BIP   0/2/4          0.01     lx-arm64      \n" +
        running + kDashes +
        "all.q@pi03                     BIP   0/0/4          -NA-     lx-arm64      au\n" +
        kPendingBanner +
        // Waiting: no usage yet, 27 blanks where a placed job has NA NA NA.
        "    124 0.55500 0.00000 waiting    pi           NA               defaultdep qw    " +
        std::string(27, ' ') + "    0     0     0     0     0 0.00      4        \n";
    EXPECT_EQ(format_full_listing(jobs, nodes, context), expected);
}

// qstat -f -r: each job line of -f is followed by the lines qstat -r prints for the job.
TEST(FullListing, RPutsEachJobsRequestsUnderItsLine) {
    const auto [nodes, jobs] = three_nodes();
    auto context = test::utc_context();
    const std::string plain = format_full_listing(jobs, nodes, context);
    context.request_lines = true;
    std::string mpi_requests;
    append_request_lines(mpi_requests, jobs[1], context);
    std::string waiting_requests;
    append_request_lines(waiting_requests, jobs[0], context);
    ASSERT_NE(mpi_requests.find("Full jobname:     mpi"), std::string::npos) << mpi_requests;

    std::string expected = plain;
    const std::string mpi_line =
        "    123 0.55500 mpi        pi           r     11/23/2025 09:40:00     2        \n";
    for (auto at = expected.find(mpi_line); at != std::string::npos;
         at = expected.find(mpi_line, at + mpi_line.size() + mpi_requests.size()))
        expected.insert(at + mpi_line.size(), mpi_requests);
    expected += waiting_requests;
    EXPECT_EQ(format_full_listing(jobs, nodes, context), expected);
}

TEST(FullListing, NoPendingJobsMeansNoBanner) {
    const std::string text = format_full_listing({}, {test::node("pi01", 4)}, test::utc_context());
    EXPECT_EQ(text.find("PENDING"), std::string::npos);
    EXPECT_EQ(text.substr(0, kHeader.size() + kDashes.size()), kHeader + kDashes);
}

TEST(FullListing, NothingAtAllWithoutNodesOrJobs) {
    EXPECT_EQ(format_full_listing({}, {}, test::utc_context()), "");
}

TEST(FullListing, GridEngineMemoryText) {
    struct Case {
        std::uint64_t bytes;
        std::string text;
    };
    const Case cases[] = {
        {0, "0.0"},                  // an empty swap shows 0.0, not 0
        {512, "512.0"},              // below 1K: no unit
        {1536, "1.5K"},              // 1536 / 1024
        {512ULL << 20, "512.0M"},    // 2^29 / 2^20
        {3984588800ULL, "3.7G"},     // 3.71 GiB, a Raspberry Pi 4's 4 GB
        {2048ULL << 30, "2048.0G"},  // Grid Engine stops at G
    };
    for (const auto& c : cases)
        EXPECT_EQ(ge_memory(c.bytes), c.text) << c.bytes;
}

}  // namespace
}  // namespace bramble::qstat
