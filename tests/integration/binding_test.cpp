// Core binding (issue 4): a job is bound to the cores it was granted. From inside, the job sees
// its cores in $BRAMBLE_CORES, their CPUs in $BRAMBLE_CPUS, and the kernel's Cpus_allowed_list
// agrees; qstat -j shows the same cores. Two jobs on one node get different cores, and a command
// started on another node with qrsh -inherit is bound there the same way.
// Nodes: pi01 and pi02 with 2 cores each. On loopback a node's core i is this machine's core i
// (the nodes overlap: that is the simulation), so the test needs a machine of at least 2 CPUs and
// skips on a smaller one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <set>
#include <sstream>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

const char* const kConfig = R"(parallel_environments:
  smp: {allocation_rule: $pe_slots}
  rr: {allocation_rule: $round_robin}
)";

const char* const kReport =
    "grep Cpus_allowed_list /proc/self/status; echo cores=$BRAMBLE_CORES; echo cpus=$BRAMBLE_CPUS";

constexpr int kCoresNeeded = 2;

int cpus_here() {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    return ::sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : 0;
}

// "0-2,5" or "0,1,5" -> {0, 1, 2, 5}.
std::set<int> cpu_set(const std::string& list) {
    std::set<int> cpus;
    std::istringstream in(list);
    for (std::string part; std::getline(in, part, ',');) {
        if (part.empty()) continue;
        const auto dash = part.find('-');
        const int first = std::stoi(part.substr(0, dash));
        const int last = dash == std::string::npos ? first : std::stoi(part.substr(dash + 1));
        for (int cpu = first; cpu <= last; ++cpu)
            cpus.insert(cpu);
    }
    return cpus;
}

// The value after "key" ("cores=", "Cpus_allowed_list:") on its line of the report.
std::string value_of(const std::string& report, const std::string& key) {
    std::istringstream in(report);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(key, 0) != 0) continue;
        const auto value = line.find_first_not_of(" \t", key.size());
        return value == std::string::npos ? "" : line.substr(value);
    }
    return "<no " + key + " in the report>";
}

class Binding : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        if (cpus_here() >= kCoresNeeded) start(small_nodes(2, kCoresNeeded), kConfig);
    }

  protected:
    void SetUp() override {
        if (cpus_here() < kCoresNeeded) {
            GTEST_SKIP() << "needs " << kCoresNeeded << " CPUs (nproc), this machine has "
                         << cpus_here();
        }
        ProbeSuite::SetUp();
    }

    // What the job says from inside, checked against itself: the kernel's mask is $BRAMBLE_CPUS.
    static std::string cores_seen_inside(const std::string& report) {
        const std::string cpus = value_of(report, "cpus=");
        EXPECT_FALSE(cpus.empty()) << "the job runs unbound:\n" << report;
        EXPECT_EQ(cpu_set(value_of(report, "Cpus_allowed_list:")), cpu_set(cpus)) << report;
        return value_of(report, "cores=");
    }
};

TEST_F(Binding, TwoSlotJobIsBoundToBothCoresAsQstatShows) {
    const auto id = probe("pair", kReport, {"-pe", "smp", "2"});
    const std::string report = report_of("pair");
    EXPECT_EQ(cores_seen_inside(report), "0,1");
    EXPECT_GE(cpu_set(value_of(report, "cpus=")).size(), 2u) << "at least a CPU per core";
    EXPECT_THAT(detail_value(id, "binding               1"), ContainsRegex("^pi0[12]=0,1$"))
        << detail(id);
    EXPECT_THAT(detail(id), HasSubstr("\nbinding:                    set linear:2\n"));
}

TEST_F(Binding, TwoOneSlotJobsOnOneNodeGetDifferentCores) {
    const auto first = probe("first", kReport, {"-q", "all.q@pi01"});
    const auto second = probe("second", kReport, {"-q", "all.q@pi01"});
    const std::string first_report = report_of("first");
    const std::string second_report = report_of("second");
    const std::string first_core = cores_seen_inside(first_report);
    const std::string second_core = cores_seen_inside(second_report);
    EXPECT_EQ((std::set<std::string>{first_core, second_core}), (std::set<std::string>{"0", "1"}));
    EXPECT_EQ(detail_value(first, "binding               1"), "pi01=" + first_core);
    EXPECT_EQ(detail_value(second, "binding               1"), "pi01=" + second_core);

    std::set<int> overlap;
    for (const int cpu : cpu_set(value_of(first_report, "cpus="))) {
        if (cpu_set(value_of(second_report, "cpus=")).count(cpu)) overlap.insert(cpu);
    }
    EXPECT_TRUE(overlap.empty()) << first_report << second_report;
}

TEST_F(Binding, RemoteCommandIsBoundToTheCoresOfItsNode) {
    // One slot on each node; the script asks the other node to report from there.
    const std::string remote =
        "\"$SGE_ROOT/bin/$ARC/qrsh\" -inherit "
        "$(sed -n 2p \"$PE_HOSTFILE\" | cut -d' ' -f1) '" +
        std::string(kReport) + "'";
    const auto id = probe("remote", remote, {"-pe", "rr", "2"});
    const std::string report = report_of("remote");
    EXPECT_EQ(cores_seen_inside(report), "0") << "its grant on the other node";
    EXPECT_THAT(detail_value(id, "binding               1"), ContainsRegex("^pi0[12]=0:pi0[12]=0$"))
        << detail(id);
}

}  // namespace
}  // namespace bramble::test
