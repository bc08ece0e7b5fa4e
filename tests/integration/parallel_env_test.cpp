// Parallel environments through qsub -pe: each allocation rule spreads the slots as Grid Engine
// does, and the job reads its share in $PE_HOSTFILE and $NSLOTS; qstat shows the master's queue
// and every node's slots. Unknown PEs and requests over a PE's max_slots are refused at qsub.
// Nodes: pi01..pi03, 2 cores each. On loopback every node's host name is this machine's, so the
// hostfile is checked by its lines and slot counts; qstat -j names the nodes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char* const kConfig = R"(parallel_environments:
  smp: {allocation_rule: $pe_slots}
  mpi: {allocation_rule: $fill_up, max_slots: 4}
  mpi_rr: {allocation_rule: $round_robin}
  two: {allocation_rule: 2}
)";

const char* const kReport = "cat \"$PE_HOSTFILE\"; echo NSLOTS=$NSLOTS NHOSTS=$NHOSTS PE=$PE";

class ParallelEnv : public ProbeSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(3, 2), kConfig); }

  protected:
    // The slot counts of the job's hostfile, in its order.
    static std::vector<int> slots_per_line(const std::string& report) {
        std::vector<int> slots;
        for (const auto& line : parse_hostfile(report))
            slots.push_back(line.slots);
        return slots;
    }

    static void expect_refused(const std::vector<std::string>& pe, const std::string& why) {
        std::vector<std::string> args = {"-cwd", "-pe"};
        args.insert(args.end(), pe.begin(), pe.end());
        args.insert(args.end(), {"-b", "y", "/bin/true"});
        ProcessResult r = qsub(args);
        EXPECT_NE(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "");
        EXPECT_THAT(r.err, HasSubstr(why)) << r.describe();
        EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "") << "nothing was queued";
    }
};

TEST_F(ParallelEnv, FillUpPutsFourSlotsOnTwoNodesTwoEach) {
    auto id = probe("fill", kReport, {"-pe", "mpi", "4"});
    const std::string report = report_of("fill");
    EXPECT_THAT(slots_per_line(report), ElementsAre(2, 2)) << report;
    EXPECT_THAT(report, HasSubstr("NSLOTS=4 NHOSTS=2 PE=mpi"));
    for (const auto& line : parse_hostfile(report))
        EXPECT_EQ(line.queue, "all.q@" + line.host) << report;

    EXPECT_THAT(cluster().qstat_queue(id), ContainsRegex("^all.q@pi0[1-3]$"));
    EXPECT_EQ(qstat_row(id).back(), "4") << "the slots column";
    EXPECT_THAT(detail_value(id, "exec_host_list        1"),
                ContainsRegex("^pi0[1-3]:2,pi0[1-3]:2$"))
        << detail(id);
    EXPECT_THAT(detail(id), HasSubstr("parallel environment:  mpi range: 4\n"));
}

TEST_F(ParallelEnv, RoundRobinPutsOneSlotOnEachNodeInTurn) {
    auto id = probe("rr", kReport, {"-pe", "mpi_rr", "3"});
    const std::string report = report_of("rr");
    EXPECT_THAT(slots_per_line(report), ElementsAre(1, 1, 1)) << report;
    EXPECT_THAT(report, HasSubstr("NSLOTS=3 NHOSTS=3"));
    EXPECT_THAT(detail_value(id, "exec_host_list        1"),
                ContainsRegex("^pi0[1-3]:1,pi0[1-3]:1,pi0[1-3]:1$"))
        << detail(id);
}

TEST_F(ParallelEnv, FillUpWithThreeSlotsFillsOneNodeFirst) {
    probe("fill3", kReport, {"-pe", "mpi", "3"});
    const std::string report = report_of("fill3");
    EXPECT_THAT(slots_per_line(report), ElementsAre(2, 1)) << report;
}

TEST_F(ParallelEnv, AFixedRulePutsExactlyThatManyOnEveryNodeUsed) {
    auto id = probe("two", kReport, {"-pe", "two", "4"});
    const std::string report = report_of("two");
    EXPECT_THAT(slots_per_line(report), ElementsAre(2, 2)) << report;
    EXPECT_THAT(report, HasSubstr("NSLOTS=4"));
    EXPECT_THAT(detail_value(id, "exec_host_list        1"),
                ContainsRegex("^pi0[1-3]:2,pi0[1-3]:2$"));
}

TEST_F(ParallelEnv, AFixedRuleRefusesASlotCountThatIsNotAMultiple) {
    expect_refused({"two", "3"}, "not a multiple of 2");
}

TEST_F(ParallelEnv, PeSlotsPutsEverySlotOnOneNode) {
    auto id = probe("smp", kReport, {"-pe", "smp", "2"});
    const std::string report = report_of("smp");
    EXPECT_THAT(slots_per_line(report), ElementsAre(2)) << report;
    EXPECT_THAT(report, HasSubstr("NSLOTS=2 NHOSTS=1"));
    EXPECT_THAT(detail_value(id, "exec_host_list        1"), ContainsRegex("^pi0[1-3]:2$"));
}

TEST_F(ParallelEnv, PeSlotsWiderThanAnyNodeIsRefusedNamingTheLargest) {
    expect_refused({"smp", "3"}, "pi0");
}

TEST_F(ParallelEnv, ASlotRangeGetsItsMostWhenTheyAreFree) {
    auto id = probe("range", kReport, {"-pe", "mpi", "2-4"});
    const std::string report = report_of("range");
    int total = 0;
    for (int slots : slots_per_line(report))
        total += slots;
    EXPECT_EQ(total, 4) << report;
    EXPECT_THAT(report, HasSubstr("NSLOTS=4"));
    EXPECT_THAT(detail(id), HasSubstr("parallel environment:  mpi range: 2-4\n"));
}

TEST_F(ParallelEnv, ASlotRangeTakesWhatIsFreeWhenLessThanItsMost) {
    // Four of the six cores busy: 2-4 starts at once with the two left.
    gated("busy", {"-pe", "mpi", "4"});
    probe("less", kReport, {"-pe", "mpi", "2-4"});
    const std::string report = report_of("less");
    EXPECT_THAT(report, HasSubstr("NSLOTS=2")) << report;
}

TEST_F(ParallelEnv, AnUnknownPeIsRefusedNamingTheKnownOnes) {
    expect_refused({"nope", "2"}, "mpi, mpi_rr, smp, two");
}

TEST_F(ParallelEnv, AskingMoreThanThePesMaxSlotsIsRefused) {
    // Five fit the cluster's six cores, but mpi allows four.
    expect_refused({"mpi", "5"}, "at most 4");
}

}  // namespace
}  // namespace bramble::test
