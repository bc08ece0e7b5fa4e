// The MPI kernels run for real under mpirun with 1, 2 and 4 ranks: each says where every rank
// ran, prints its answer, and exits 0 only when the answer checked out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "run_kernel.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

struct MpiCase {
    std::string label;
    std::string kernel;
    std::vector<std::string> args;
    std::vector<std::string> expected;  // regular expressions, each found somewhere in stdout
};

const std::vector<MpiCase> mpi_cases = {
    // 2,000,000 intervals: the midpoint rule is within h^2/3 ~ 8e-14 of pi.
    {"pi",
     "bramble-pi",
     {"--intervals", "2000000", "--slices", "40"},
     {"pi is approximately 3\\.1415926535[0-9]*, error [0-9.e+-]+",
      "elapsed [0-9.]+ s: 2000000 intervals in 40 slices"}},
    {"mergesort",
     "bramble-mergesort",
     {"--count", "100000", "--seed", "7"},
     {"mergesort: 100000 integers over [124] rank\\(s\\)",
      "sorted and verified: smallest -?[0-9]+"}},
    {"collectives",
     "bramble-collectives",
     {},
     {"point-to-point: ok", "broadcast: ok", "scatter: ok", "gather: ok", "reduce: ok",
      "allreduce: ok", "collectives: all ok on [124] rank\\(s\\)"}},
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const MpiCase& c, std::ostream* out) {
    *out << c.label;
}

class MpiKernel : public ::testing::TestWithParam<std::tuple<MpiCase, int>> {};

TEST_P(MpiKernel, ChecksItsAnswerAndNamesEveryRanksHost) {
    const auto& [c, ranks] = GetParam();
    ProcessResult r = run_mpi_kernel(c.kernel, ranks, c.args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    for (int rank = 0; rank < ranks; ++rank) {
        EXPECT_THAT(r.out, HasSubstr("rank " + std::to_string(rank) + " of " +
                                     std::to_string(ranks) + " on " + this_host() + "\n"));
    }
    for (const auto& pattern : c.expected)
        EXPECT_THAT(r.out, ContainsRegex(pattern));
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr("WRONG")));
}

INSTANTIATE_TEST_SUITE_P(Ranks, MpiKernel,
                         ::testing::Combine(::testing::ValuesIn(mpi_cases),
                                            ::testing::Values(1, 2, 4)),
                         [](const auto& test_info) {
                             return std::get<0>(test_info.param).label + "_np" +
                                    std::to_string(std::get<1>(test_info.param));
                         });

TEST(MpiKernelPi, HandsOutEverySliceToTheWorkersWhenThereAreSome) {
    // With 3 workers the master computes nothing itself: rank 0's count is 0, and the
    // workers' counts add up to the 30 slices.
    ProcessResult r = run_mpi_kernel("bramble-pi", 4, {"--intervals", "300000", "--slices", "30"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        r.out, m, std::regex("slices per rank: 0:0 1:([0-9]+) 2:([0-9]+) 3:([0-9]+)")))
        << r.out;
    EXPECT_EQ(std::stoi(m[1]) + std::stoi(m[2]) + std::stoi(m[3]), 30) << r.out;
}

struct UsageCase {
    std::string kernel;
    std::vector<std::string> args;
    std::string message;
};

void PrintTo(const UsageCase& c, std::ostream* out) {
    *out << c.kernel << " " << c.message;
}

class MpiKernelUsage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(MpiKernelUsage, RefusesWithExitTwoAndSaysWhy) {
    const auto& c = GetParam();
    ProcessResult r = run_mpi_kernel(c.kernel, 2, c.args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_THAT(r.err, HasSubstr(c.message));
    EXPECT_THAT(r.err, HasSubstr("usage: " + c.kernel));
}

INSTANTIATE_TEST_SUITE_P(
    BadArguments, MpiKernelUsage,
    ::testing::Values(
        UsageCase{"bramble-pi",
                  {"--slices", "0"},
                  "bramble-pi: --slices must be a whole number from 1 to 10000000, got '0'"},
        UsageCase{"bramble-pi",
                  {"--intervals", "10", "--slices", "20"},
                  "bramble-pi: --slices must not exceed --intervals"},
        UsageCase{"bramble-mergesort",
                  {"--count", "many"},
                  "bramble-mergesort: --count must be a whole number from 1 to 500000000, got "
                  "'many'"},
        UsageCase{"bramble-collectives",
                  {"--ranks", "4"},
                  "bramble-collectives: unknown argument '--ranks'"}));

}  // namespace
}  // namespace bramble::test
