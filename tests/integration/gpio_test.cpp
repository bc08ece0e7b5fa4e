// GPIO lines as a user sees them: a job asking for a line runs on the node that has it and is
// told its chip and offsets in its environment; a line is never shared, but another line of the
// same node is free to use; a line no node names is refused at qsub. No real chip is needed: the
// job is only told where its lines are.
// Nodes: pi01 (1 core) and pi02 (2 cores, gpiochip9 with lines fan=17 and led=18).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/probe_suite.hpp"
#include "support/test_users.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

const char* const kReport = "env | grep '^BRAMBLE_GPIO' | sort; echo node=$BRAMBLE_NODE";

class Gpio : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        start({{"pi01", 1, "512M"}, {"pi02", 2, "512M"}},
              "nodes:\n  pi02: {gpio: {chip: gpiochip9, lines: {fan: 17, led: 18}}}\n");
    }
};

TEST_F(Gpio, AJobAskingForALineRunsWhereItIsAndIsToldItsChipAndOffset) {
    auto id = probe("fan", kReport, {"-l", "gpio=fan"});
    EXPECT_EQ(report_of("fan"),
              "BRAMBLE_GPIO_CHIP=gpiochip9\n"
              "BRAMBLE_GPIO_FAN=17\n"
              "BRAMBLE_GPIO_LINES=17\n"
              "node=pi02\n");
    EXPECT_EQ(cluster().qstat_queue(id), "all.q@pi02");
    EXPECT_THAT(detail_value(id, "hard resource_list"), HasSubstr("gpio=fan"));
}

TEST_F(Gpio, AHeldLineMakesTheNextJobWaitWhileAnotherLineIsFree) {
    auto first = probe("first", kReport, {"-l", "gpio=fan"});
    ASSERT_THAT(report_of("first"), HasSubstr("BRAMBLE_GPIO_FAN=17"));

    // pi02 has a free core, but fan is taken: the first job to wait for it is promised it when
    // the holder's walltime (the default hour) is up, the next says who has it.
    auto second = gated("second", {"-l", "gpio=fan"});
    EXPECT_TRUE(reserved_within_the_default_hour(second)) << detail(second);
    auto third = gated("third", {"-l", "gpio=fan"});
    EXPECT_TRUE(wait_reason(third, "GPIO line fan is held by another job on pi02"))
        << detail(third);
    EXPECT_EQ(cluster().qstat_state(second), "qw");
    EXPECT_EQ(cluster().qstat_state(third), "qw");

    auto led = probe("led", kReport, {"-l", "gpio=led"});
    EXPECT_EQ(report_of("led"),
              "BRAMBLE_GPIO_CHIP=gpiochip9\n"
              "BRAMBLE_GPIO_LED=18\n"
              "BRAMBLE_GPIO_LINES=18\n"
              "node=pi02\n");
    EXPECT_EQ(cluster().qstat_state(led), "r");
    EXPECT_EQ(cluster().qstat_state(second), "qw") << "fan is still held by job " << first;

    open_gate("first");
    EXPECT_TRUE(cluster().wait_state(second, "r"));
}

TEST_F(Gpio, BothLinesAreGivenInTheOrderAsked) {
    probe("both", kReport, {"-l", "gpio=led,gpio=fan"});
    EXPECT_THAT(report_of("both"), HasSubstr("BRAMBLE_GPIO_LINES=18,17\n"));
}

TEST_F(Gpio, AnUnknownLineIsRefusedAtQsub) {
    ProcessResult r = qsub({"-cwd", "-l", "gpio=pump", "-b", "y", "/bin/true"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("'pump'")) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("fan, led")) << "the message should name the known lines";
    EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "");
}

// With a chip that exists (a stand-in file here) and a root execd, the job's owner may open the
// chip while the job runs and not after, and nobody else may meanwhile. The file lives outside the
// cluster's folder because the config naming it is written before the cluster starts.
class GpioChip : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        char pattern[] = "/tmp/bramble-gpio.XXXXXX";
        chip_dir_ = ::mkdtemp(pattern) != nullptr ? pattern : "";
        ::chmod(chip_dir_.c_str(), 0755);
        chip_ = chip_dir_ + "/gpiochip9";
        std::ofstream{chip_};
        ::chmod(chip_.c_str(), 0600);
        start({{"pi01", 2, "512M"}},
              "nodes:\n  pi01: {gpio: {chip: " + chip_ + ", lines: {fan: 17}}}\n");
    }
    static void TearDownTestSuite() {
        ProbeSuite::TearDownTestSuite();
        std::filesystem::remove_all(chip_dir_);
    }

  protected:
    static inline std::string chip_dir_;
    static inline std::string chip_;
};

TEST_F(GpioChip, TheOwnerMayOpenTheChipOnlyWhileTheJobRuns) {
    std::string why;
    const auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const std::string& alice = users->alice.name;
    const std::string check =
        "if [ -r " + chip_ + " ] && [ -w " + chip_ + " ]; then echo open; else echo closed; fi";
    probe("during", check, {"-l", "gpio=fan"}, alice);
    EXPECT_EQ(report_of("during"), "open\n");
    open_gate("during");
    ASSERT_TRUE(cluster().wait_until([&] {
        return cluster().run("qstat", {"-u", "*"}).out.empty();
    }));
    // After the job, the same check by a job without the line finds the chip closed again.
    probe("after", check, {}, alice);
    EXPECT_EQ(report_of("after"), "closed\n");
}

// Bob's job on the same node, while alice's job holds the line, finds the chip closed to him.
TEST_F(GpioChip, AnotherUsersJobCannotOpenTheChipWhileTheOwnerHoldsIt) {
    std::string why;
    const auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const std::string check =
        "if [ -r " + chip_ + " ] || [ -w " + chip_ + " ]; then echo open; else echo closed; fi";
    probe("owner", check, {"-l", "gpio=fan"}, users->alice.name);
    ASSERT_EQ(report_of("owner"), "open\n");
    probe("other", check, {"-l", "hostname=pi01"}, users->bob.name);
    EXPECT_EQ(report_of("other"), "closed\n");
}

}  // namespace
}  // namespace bramble::test
