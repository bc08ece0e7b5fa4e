// qstat -g c on a real cluster, against Grid Engine's layout (sge-reference/qstat-g-c.txt) with
// the variable part, the load, taken from the run; and -f with -ext / -r, which bramble does not
// print yet, refused in text rather than answered with a listing a parser would misread.
// Nodes: pi01 and pi02, one core each.
#include <gtest/gtest.h>

#include <string>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using QstatSummary = ClusterSuite;

const std::string kHeader =
    "CLUSTER QUEUE                   CQLOAD   USED    RES  AVAIL  TOTAL aoACDS  cdsuE  \n" +
    std::string(80, '-') + "\n";

TEST_F(QstatSummary, GroupCCountsTheQueuesSlots) {
    const auto running = gated("one");
    ASSERT_TRUE(cluster().wait_state(running, "r"));
    const ProcessResult r = cluster().run("qstat", {"-g", "c"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.err, "");
    ASSERT_EQ(r.out.size(), kHeader.size() + 82) << r.out;
    // The load (the 7 characters after the queue column) is the machine's; the rest is fixed:
    // 1 slot used of 2, none reserved, 1 available, no node in an unavailable state.
    const std::string load = r.out.substr(kHeader.size() + 31, 7);
    EXPECT_EQ(r.out, kHeader + "all.q                          " + load +
                         "      1      0      1      2      0      0 \n");
}

TEST_F(QstatSummary, FullExtAndRWithoutXmlAreRefused) {
    for (const char* option : {"-ext", "-r"}) {
        const ProcessResult r = cluster().run("qstat", {"-f", option});
        EXPECT_EQ(r.exit_code, 1) << r.describe();
        EXPECT_EQ(r.out, "") << "no table a parser would misread";
        EXPECT_NE(r.err.find(std::string("ERROR! qstat -f ") + option +
                             " is not supported yet without -xml"),
                  std::string::npos)
            << r.err;
    }
}

}  // namespace
}  // namespace bramble::test
