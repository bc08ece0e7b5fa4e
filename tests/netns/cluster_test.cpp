// A real multi-host cluster: the scheduler and four execds, each in its own network namespace with
// its own address and host name. Nodes register across the bridge, jobs pinned to a node run there
// and see its name, and no namespace has a way out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "support/local_cluster.hpp"
#include "support/netns_cluster.hpp"
#include "support/netns_network.hpp"
#include "support/test_users.hpp"

namespace bramble::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class NetnsClusterTest : public NetnsSuite {};

TEST_F(NetnsClusterTest, FourNodesRegisterFromTheirOwnNamespaces) {
    EXPECT_THAT(cluster().nodes_up(), ElementsAre("pi01", "pi02", "pi03", "pi04"));
}

TEST_F(NetnsClusterTest, AJobPinnedToANodeRunsThereAndSeesItsHostName) {
    for (const std::string node : {"pi01", "pi02", "pi03", "pi04"}) {
        SCOPED_TRACE(node);
        const std::string output = cluster().work_dir() + "/hostname." + node;
        const auto id = cluster().submit(
            {"-cwd", "-j", "y", "-o", output, "-l", "hostname=" + node, "-b", "y", "hostname"});
        ASSERT_NE(id, 0u);
        ASSERT_TRUE(cluster().wait_gone(id)) << "job " << id << " on " << node;
        EXPECT_EQ(slurp(output), node + "\n");
    }
}

TEST_F(NetnsClusterTest, AnMpiKernelInAJobReportsTheNodeEveryRankRanOn) {
    const std::string pi = bin_path("bramble-pi");
    const std::string mpirun = system_program("mpirun");
    if (::access(pi.c_str(), X_OK) != 0 || mpirun.empty())
        GTEST_SKIP() << "needs " << pi << " (BRAMBLE_KERNELS=ON) and Open MPI's mpirun";
    const std::string output = cluster().work_dir() + "/pi.out";
    // Both ranks on the node the job was given; shared memory between them, no remote launcher.
    const auto id = cluster().submit({"-cwd",
                                      "-j",
                                      "y",
                                      "-o",
                                      output,
                                      "-l",
                                      "hostname=pi03",
                                      "-b",
                                      "y",
                                      "/usr/bin/mpirun",
                                      "-np",
                                      "2",
                                      "--oversubscribe",
                                      "--allow-run-as-root",
                                      "--mca",
                                      "plm",
                                      "isolated",
                                      "--mca",
                                      "btl",
                                      "self,vader",
                                      "--mca",
                                      "btl_vader_single_copy_mechanism",
                                      "none",
                                      pi,
                                      "--intervals",
                                      "100000"});
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id)) << "job " << id;
    const std::string text = slurp(output);
    EXPECT_THAT(text, HasSubstr("rank 0 of 2 on pi03\nrank 1 of 2 on pi03\n"));
    EXPECT_THAT(text, HasSubstr("pi is approximately 3.14159"));
}

// Submit from any node, across real links: a user in pi02's namespace knows only pi02's execd; the
// job it submits to pi03 submits its own follow-up to pi04 through pi03's execd.
TEST_F(NetnsClusterTest, AUserOnANodeSubmitsAJobThatSubmitsItsFollowUpFromItsNode) {
    std::string why;
    const auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const UserIdentity& alice = users->alice;
    const std::string dir = cluster().work_dir() + "/relay";
    ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
    ASSERT_EQ(::chown(dir.c_str(), alice.uid, alice.gid), 0);
    const std::string qsub = bin_path("qsub");
    const auto output = [&](const std::string& name) {
        return std::vector<std::string>{"-wd", dir, "-j", "y", "-o", dir + "/" + name};
    };
    std::vector<std::string> argv = {system_program("runuser"),
                                     "-u",
                                     alice.name,
                                     "--",
                                     "/usr/bin/env",
                                     "-i",
                                     "PATH=/usr/bin:/bin",
                                     "HOME=" + alice.home,
                                     "BRAMBLE_RELAY_SOCKET=" + cluster().tool_socket_path("pi02"),
                                     qsub};
    for (const auto& part :
         {output("first.out"), std::vector<std::string>{"-l", "hostname=pi03", "-b", "y", qsub},
          output("followup.out"),
          std::vector<std::string>{"-l", "hostname=pi04", "-b", "y", "hostname"}})
        argv.insert(argv.end(), part.begin(), part.end());
    const ProcessResult submitted = cluster().run_on("pi02", argv);
    ASSERT_EQ(submitted.exit_code, 0) << submitted.describe();
    unsigned long long first = 0;
    ASSERT_EQ(std::sscanf(submitted.out.c_str(), "Your job %llu (", &first), 1) << submitted.out;
    ASSERT_TRUE(cluster().wait_gone(first));
    const std::string said = slurp(dir + "/first.out");
    unsigned long long followup = 0;
    ASSERT_EQ(std::sscanf(said.c_str(), "Your job %llu (\"hostname\")", &followup), 1) << said;
    ASSERT_TRUE(cluster().wait_gone(followup));
    EXPECT_EQ(slurp(dir + "/followup.out"), "pi04\n");
}

TEST_F(NetnsClusterTest, EachNodeHasItsOwnAddressAndNoWayOut) {
    for (int i = 1; i <= 4; ++i) {
        const std::string node = cluster().nodes()[static_cast<std::size_t>(i - 1)];
        SCOPED_TRACE(node);
        ProcessResult addresses =
            cluster().run_on(node, {system_program("ip"), "-4", "-o", "address"});
        ASSERT_EQ(addresses.exit_code, 0) << addresses.describe();
        EXPECT_THAT(addresses.out, HasSubstr("inet " + NetnsCluster::address_of(i) + "/24"));
        ProcessResult routes = cluster().run_on(node, {system_program("ip"), "route"});
        ASSERT_EQ(routes.exit_code, 0) << routes.describe();
        // Only the bridge's own subnet: no default route, nothing towards the host.
        std::istringstream lines(routes.out);
        for (std::string line; std::getline(lines, line);)
            EXPECT_THAT(line, ::testing::StartsWith("10.77.0.0/24 dev eth0 "));
        EXPECT_THAT(routes.out, Not(HasSubstr("default")));
    }
}

}  // namespace
}  // namespace bramble::test
