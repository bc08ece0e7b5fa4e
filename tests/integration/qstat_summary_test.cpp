// qstat -g c on a real cluster, against Grid Engine's layout (sge-reference/qstat-g-c.txt) with
// the variable part, the load, taken from the run; and -f with -ext / -r, whose job lines carry
// the extended columns and the request lines.
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

TEST_F(QstatSummary, FullWithExtAndRShowsTheRunningJobsColumnsAndRequests) {
    const auto running = gated("fullext", {"-N", "fullext", "-l", "h_rt=0:10:00"});
    ASSERT_TRUE(cluster().wait_state(running, "r"));
    const ProcessResult r = cluster().run("qstat", {"-f", "-ext", "-r"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::string id = std::to_string(running);
    // The job line under its queue: the -ext columns (project NA, Grid Engine's default
    // department, usage NA while it runs), then the request block.
    const auto line = r.out.find(std::string(7 - id.size(), ' ') + id + " ");
    ASSERT_NE(line, std::string::npos) << r.out;
    const std::string job = r.out.substr(line, r.out.find('\n', line) - line);
    EXPECT_NE(job.find(" NA               defaultdep r     NA         NA      NA      "),
              std::string::npos)
        << job;
    EXPECT_NE(r.out.find("       Full jobname:     fullext\n", line), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("       Hard Resources:   h_rt=0:10:00 (0.000000)\n", line),
              std::string::npos)
        << r.out;

    // -xml with -ext -r: the same, as Grid Engine's elements.
    const ProcessResult xml = cluster().run("qstat", {"-xml", "-ext", "-r"});
    ASSERT_EQ(xml.exit_code, 0) << xml.describe();
    for (const char* wanted :
         {"<JB_department>defaultdepartment</JB_department>",
          "<full_job_name>fullext</full_job_name>",
          "<hard_request name=\"h_rt\" resource_contribution=\"0.000000\">0:10:00</hard_request>"})
        EXPECT_NE(xml.out.find(wanted), std::string::npos) << wanted << " in " << xml.out;
}

}  // namespace
}  // namespace bramble::test
