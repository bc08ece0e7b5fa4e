// Job order as a user sees it: -p lowers a job's place in the queue (only managers may raise it),
// and qstat -pri and qstat -j show the priority and the parts it came from.
// Nodes: pi01 and pi02, 1 core each; the tests fill both so that everything else queues.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class Ordering : public ProbeSuite {
  protected:
    // Both cores busy until the test opens "full0" and "full1".
    void fill_cluster() {
        auto a = gated("full0"), b = gated("full1");
        ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    }
};

TEST_F(Ordering, AUserMayLowerButNotRaiseTheirPriority) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    ProcessResult raised = qsub({"-p", "10", "-b", "y", "/bin/true"}, users->alice.name);
    EXPECT_NE(raised.exit_code, 0) << raised.describe();
    EXPECT_EQ(raised.out, "");
    EXPECT_THAT(raised.err, HasSubstr("-p 10")) << raised.describe();
    EXPECT_THAT(raised.err, HasSubstr("managers")) << raised.describe();
    EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "");

    auto lowered = gated("lowered", {"-p", "-10"}, users->alice.name);
    EXPECT_NE(lowered, 0u);
}

TEST_F(Ordering, ALowPriorityJobStartsAfterANormalOneSubmittedLater) {
    fill_cluster();
    auto low = gated("low", {"-p", "-100"});
    auto normal = gated("normal", {"-p", "0"});
    ASSERT_EQ(cluster().qstat_state(low), "qw");
    ASSERT_EQ(cluster().qstat_state(normal), "qw");

    open_gate("full0");
    ASSERT_TRUE(cluster().wait_until([&] {
        return cluster().qstat_state(low) == "r" || cluster().qstat_state(normal) == "r";
    })) << cluster().run("qstat", {"-u", "*"}).out;
    EXPECT_EQ(cluster().qstat_state(normal), "r");
    EXPECT_EQ(cluster().qstat_state(low), "qw") << "the -p -100 job jumped the queue";

    open_gate("full1");
    EXPECT_TRUE(cluster().wait_state(low, "r"));
}

TEST_F(Ordering, QstatPriShowsThePriorityColumns) {
    fill_cluster();
    auto low = gated("low", {"-p", "-100"});
    ProcessResult table = cluster().run("qstat", {"-pri", "-u", "*"});
    EXPECT_EQ(table.exit_code, 0) << table.describe();
    // Grid Engine's header (sge-reference qstat-pri.txt): one blank after ppri.
    EXPECT_THAT(table.out, ContainsRegex("^job-ID  prior   nurg    npprior ntckts   ppri name "))
        << table.out;
    // job-ID prior nurg npprior ntckts ppri name user state ...
    auto row = qstat_row(low, {"-pri"});
    ASSERT_GE(row.size(), 9u) << table.out;
    EXPECT_EQ(row[5], "-100") << "ppri is the -p value";
    EXPECT_EQ(row[3], "0.45090") << "npprior is (p + 1023) / 2047";
    EXPECT_EQ(row[6], "gated");
    EXPECT_EQ(row[8], "qw");
}

// The prior column of a running job is the priority it was started with, not 0.
TEST_F(Ordering, ARunningJobKeepsItsPriorityInQstat) {
    auto running = gated("running");
    ASSERT_TRUE(cluster().wait_state(running, "r"));
    const auto row = qstat_row(running);
    ASSERT_GT(row.size(), 1u);
    EXPECT_GT(std::stod(row[1]), 0.0) << cluster().run("qstat", {"-u", "*"}).out;
}

TEST_F(Ordering, QstatJShowsPrioAndItsParts) {
    fill_cluster();
    auto low = gated("low", {"-p", "-100"});
    auto normal = gated("normal");
    ASSERT_TRUE(cluster().wait_until([&] { return !detail_value(normal, "prio").empty(); }))
        << detail(normal);
    EXPECT_THAT(detail_value(low, "prio parts"),
                ContainsRegex("^priority 0.45090, fair share [0-9.]+, waiting [0-9.]+$"))
        << detail(low);
    EXPECT_THAT(detail_value(normal, "prio parts"), ContainsRegex("^priority 0.49976, "));
    EXPECT_EQ(detail_value(low, "priority"), "-100");
    ASSERT_FALSE(detail_value(low, "prio").empty()) << detail(low);
    EXPECT_GT(std::stod(detail_value(normal, "prio")), std::stod(detail_value(low, "prio")))
        << detail(low) << detail(normal);
}

}  // namespace
}  // namespace bramble::test
