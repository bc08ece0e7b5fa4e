// The single-node kernels run for real with small sizes: the CPU burner, the memory grower (also
// under a limit it cannot fit in), and the GPIO blinker on a machine with no chip to use.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "run_kernel.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

TEST(CpuKernel, BurnsForTheGivenTimeOnEveryThreadAndChecksEachRound) {
    ProcessResult r = run_kernel("bramble-cpu", {"--seconds", "0.3", "--threads", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, ContainsRegex("cpu: 2 thread\\(s\\) for 0\\.[3-9][0-9] s: [1-9][0-9]* "
                                     "rounds, 0 wrong; [0-9.]+ s of CPU time"));
}

TEST(MemKernel, GrowsInStepsAndReadsEverythingBack) {
    ProcessResult r = run_kernel("bramble-mem", {"--size", "8M", "--step", "3M"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    // 3 + 3 + 2 MiB.
    EXPECT_EQ(r.out,
              "mem: 3.0 MiB\nmem: 6.0 MiB\nmem: 8.0 MiB\n"
              "mem: grew to 8.0 MiB in 3 step(s), every byte read back\n");
}

TEST(MemKernel, SaysHowFarItGotWhenALimitStopsIt) {
    // 64 MiB of address space holds the program and some of the steps, never 512 MiB.
    Command command;
    command.argv = {"/bin/sh", "-c", "ulimit -v 65536 && exec \"$0\" --size 512M --step 8M",
                    bin_path("bramble-mem")};
    command.env = environment_with({});
    ProcessResult r = run_command(command);
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_THAT(r.out,
                ContainsRegex("bramble-mem: could not allocate beyond [0-9]+\\.0 MiB \\(asked "
                              "for 512\\.0 MiB\\)"));
}

struct UsageCase {
    std::string kernel;
    std::vector<std::string> args;
    std::string message;
};

void PrintTo(const UsageCase& c, std::ostream* out) {
    *out << c.kernel << " " << c.message;
}

class SingleNodeUsage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(SingleNodeUsage, RefusesWithExitTwoAndSaysWhy) {
    const auto& c = GetParam();
    ProcessResult r = run_kernel(c.kernel, c.args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_THAT(r.err, HasSubstr(c.message));
}

INSTANTIATE_TEST_SUITE_P(
    BadArguments, SingleNodeUsage,
    ::testing::Values(
        UsageCase{"bramble-cpu",
                  {"--threads", "0"},
                  "bramble-cpu: --threads must be a whole number from 1 to 4096, got '0'"},
        UsageCase{"bramble-cpu", {"--seconds"}, "bramble-cpu: option --seconds needs a value"},
        UsageCase{"bramble-mem",
                  {"--size", "12X"},
                  "bramble-mem: --size must be a size such as 512K, 64M or 1G, got '12X'"},
        UsageCase{"bramble-mem", {"256M"}, "bramble-mem: unknown argument '256M'"},
        UsageCase{"bramble-gpio-blink",
                  {"--chip", "gpiochip0", "--line", "17", "--count", "0"},
                  "bramble-gpio-blink: --count must be a whole number from 1 to 1000000, got '0'"},
        UsageCase{"bramble-gpio-blink",
                  {"--chip", "gpiochip0"},
                  "bramble-gpio-blink: --line is required"}));

TEST(GpioKernel, WithNoChipGivenSaysSoAndExitsThree) {
    ProcessResult r = run_kernel("bramble-gpio-blink", {"--line", "17"}, {"BRAMBLE_GPIO_CHIP="});
    EXPECT_EQ(r.exit_code, 3) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("bramble-gpio-blink: no GPIO chip given"));
}

TEST(GpioKernel, WithAChipThatIsNotThereSaysSoAndExitsThree) {
    // The job's environment names the chip when the command line does not.
    ProcessResult r = run_kernel("bramble-gpio-blink", {"--line", "17", "--count", "2"},
                                 {"BRAMBLE_GPIO_CHIP=gpiochip-that-is-not-there"});
    EXPECT_EQ(r.exit_code, 3) << r.describe();
#if BRAMBLE_GPIO_BUILT_IN
    EXPECT_THAT(r.err,
                HasSubstr("bramble-gpio-blink: no GPIO chip 'gpiochip-that-is-not-there' on this "
                          "machine"));
#else
    EXPECT_THAT(r.err, HasSubstr("no GPIO chip support built in"));
#endif
}

}  // namespace
}  // namespace bramble::test
