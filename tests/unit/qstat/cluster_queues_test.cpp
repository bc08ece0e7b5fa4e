// qstat -g c, byte for byte against Grid Engine 8.1.9 (sge-reference/qstat-g-c.txt):
//   CLUSTER QUEUE                   CQLOAD   USED    RES  AVAIL  TOTAL aoACDS  cdsuE  (82 wide)
//   80 dashes
//   all.q                             1.01      2      0      0      2      0      0  (81 wide)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_cluster_queues.hpp"
#include "job_builder.hpp"

namespace bramble::qstat {
namespace {

const std::string kHeader =
    "CLUSTER QUEUE                   CQLOAD   USED    RES  AVAIL  TOTAL aoACDS  cdsuE  \n" +
    std::string(80, '-') + "\n";

TEST(ClusterQueues, TheReferenceCellsLine) {
    // One 2-core node, both slots used, load 2.02: CQLOAD is load per core.
    std::vector<wire::NodeStatus> nodes = {test::node("vm", 2)};
    nodes[0].slots_used = 2;
    nodes[0].load.load_avg = 2.02;
    EXPECT_EQ(format_cluster_queues(nodes, test::utc_context()),
              kHeader +
                  "all.q                             1.01      2      0      0      2      "
                  "0      0 \n");
}

TEST(ClusterQueues, DownAndRestingNodesCountInCdsuE) {
    // pi01: 4 cores, 1 used, load 0.40 (0.10 per core); pi02 down; pi03 resting (E).
    // TOTAL 12, USED 1, cdsuE 8, AVAIL 12 - 1 - 8 = 3, CQLOAD over pi01 alone.
    std::vector<wire::NodeStatus> nodes = {test::node("pi01", 4), test::node("pi02", 4, false),
                                           test::node("pi03", 4)};
    nodes[0].slots_used = 1;
    nodes[0].load.load_avg = 0.40;
    nodes[2].error = "could not set a job up";
    EXPECT_EQ(format_cluster_queues(nodes, test::utc_context()),
              kHeader +
                  "all.q                             0.10      1      0      3     12      "
                  "0      8 \n");
}

TEST(ClusterQueues, NoNodeUpShowsNoLoad) {
    const std::vector<wire::NodeStatus> nodes = {test::node("pi01", 4, false)};
    EXPECT_EQ(format_cluster_queues(nodes, test::utc_context()),
              kHeader +
                  "all.q                             -NA-      0      0      0      4      "
                  "0      4 \n");
}

TEST(ClusterQueues, NothingWithoutNodes) {
    EXPECT_EQ(format_cluster_queues({}, test::utc_context()), "");
}

}  // namespace
}  // namespace bramble::qstat
