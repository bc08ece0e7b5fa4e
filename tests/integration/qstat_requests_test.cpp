// qstat -r and -ext on a real cluster, against Grid Engine's layouts (tests/reference/sge/
// qstat-r.txt, qstat-ext.txt) with the variable parts (ids, nodes, times, priorities) from the run.
// Nodes: pi01 and pi02, one core each; two gated jobs fill them and a third waits for the first.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

using QstatRequests = ClusterSuite;

TEST_F(QstatRequests, DashRShowsWhatEachJobAskedFor) {
    auto first = gated("first", {"-N", "first"});
    auto second = gated("second", {"-N", "second"});
    ASSERT_TRUE(cluster().wait_state(first, "r") && cluster().wait_state(second, "r"));
    const std::string id = std::to_string(first);
    auto waiting = gated("dep", {"-N", "dependent", "-hold_jid", id, "-l", "h_rt=600", "-q",
                                 "all.q", "-P", "climate"});
    ASSERT_EQ(cluster().qstat_state(waiting), "hqw");

    const ProcessResult r = cluster().run("qstat", {"-r"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, ContainsRegex("\n +" + id +
                                     " [0-9.]+ first +[^ ]+ +r +[0-9/]+ [0-9:]+ all\\.q@pi0[12] +1 "
                                     "+\n       Full jobname:     first\n"
                                     "       Master Queue:     all\\.q@pi0[12]\n"
                                     "       Hard Resources:   \n"
                                     "       Soft Resources:   \n"
                                     "       Binding:          NONE\n"))
        << r.out;
    EXPECT_THAT(r.out, HasSubstr(" hqw   "));
    EXPECT_THAT(r.out, HasSubstr("       Full jobname:     dependent\n"
                                 "       Hard Resources:   h_rt=600 (0.000000)\n"
                                 "       Soft Resources:   \n"
                                 "       Hard requested queues: all.q\n"
                                 "       Predecessor Jobs (request): " +
                                 id + "\n       Predecessor Jobs: " + id +
                                 "\n       Binding:          NONE\n"))
        << r.out;
}

TEST_F(QstatRequests, DashExtHasGridEnginesColumns) {
    auto first = gated("first", {"-N", "first"});
    auto second = gated("second", {"-N", "second"});
    ASSERT_TRUE(cluster().wait_state(first, "r") && cluster().wait_state(second, "r"));
    auto waiting = gated("project", {"-N", "planned", "-P", "climate"});
    ASSERT_EQ(cluster().qstat_state(waiting), "qw");

    const ProcessResult r = cluster().run("qstat", {"-ext"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, testing::StartsWith(
                           "job-ID  prior   ntckts  name       user         project          "
                           "department state cpu        mem     io      tckts ovrts otckt ftckt "
                           "stckt share queue                          slots ja-task-ID \n" +
                           std::string(192, '-') + "\n"))
        << r.out;
    EXPECT_THAT(r.out, ContainsRegex("\n +" + std::to_string(first) +
                                     " [0-9.]{7} [0-9.]{7} first +[^ ]+ +NA +defaultdep r +NA +NA "
                                     "+NA +0 +0 +0 +0 +0 0\\.00  all\\.q@pi0[12] +1 +\n"))
        << r.out;
    EXPECT_THAT(r.out, ContainsRegex("\n +" + std::to_string(waiting) +
                                     " [0-9.]{7} [0-9.]{7} planned +[^ ]+ +climate +defaultdep "
                                     "qw {35}0     0     0     0     0 0\\.00 {37}1 {8}\n"))
        << r.out;
}

}  // namespace
}  // namespace bramble::test
