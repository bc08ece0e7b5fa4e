// qhost as a user sees it: Grid Engine's columns, one row per node with what its execd offers, and
// a node whose execd restarts comes back and runs jobs again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::StartsWith;

class Qhost : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start({{"pi01", 1, "512M"}, {"pi02", 1, "1G"}}); }
};

TEST_F(Qhost, ListsEveryNodeWithItsCoresAndMemory) {
    ProcessResult r = cluster().run("qhost", {});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, StartsWith("HOSTNAME                ARCH         NCPU NSOC NCOR NTHR  LOAD  "
                                  "MEMTOT  MEMUSE  SWAPTO  SWAPUS\n" +
                                  std::string(94, '-') + "\nglobal "));
    EXPECT_THAT(r.out, ContainsRegex("\npi01 +lx-[a-z0-9]+ +1 .* 512\\.0M "));
    EXPECT_THAT(r.out, ContainsRegex("\npi02 +lx-[a-z0-9]+ +1 .* 1\\.0G "));
}

TEST_F(Qhost, ANodeWhoseExecdRestartsComesBackAndRunsJobs) {
    cluster().kill_execd("pi02");
    ASSERT_TRUE(cluster().start_execd("pi02"));
    ASSERT_TRUE(cluster().wait_until([] { return cluster().all_nodes_up(); }));
    auto id = cluster().submit(
        {"-cwd", "-q", "all.q@pi02", "-N", "back", "-b", "y", "/bin/echo", "back"});
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(slurp(cluster().work_dir() + "/back.o" + std::to_string(id)), "back\n");
}

}  // namespace
}  // namespace bramble::test
