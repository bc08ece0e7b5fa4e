// Open MPI's own Grid Engine support on a real multi-host cluster: four one-core nodes in their
// own network namespaces, each with its own host name. Inside a job of `-pe mpi 4`, a plain
// `mpirun prog` (no -np, no hostfile, no ssh) finds the allocation in PE_HOSTFILE and starts its
// daemons with `qrsh -inherit` from $SGE_ROOT/bin/$ARC, one rank per allocated node. qrsh to a
// host outside the allocation is refused; qdel, and a crashing rank, leave nothing behind.
//
// The jobs run as root, so Open MPI is told that is fine (OMPI_ALLOW_RUN_AS_ROOT); its TCP
// traffic is kept to the namespaces' eth0.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/local_cluster.hpp"
#include "support/netns_cluster.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What every MPI job here exports before mpirun; `mark` tags its processes for the leftover check.
std::string mpi_environment(const std::string& mark) {
    return "export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
           "OMPI_MCA_btl=self,tcp OMPI_MCA_btl_tcp_if_include=eth0 "
           "OMPI_MCA_oob_tcp_if_include=eth0 BRAMBLE_TEST_MARK=" +
           mark + "; ";
}

// The pids of the processes whose environment carries BRAMBLE_TEST_MARK=mark.
std::vector<pid_t> marked_processes(const std::string& mark) {
    const std::string wanted = std::string("BRAMBLE_TEST_MARK=") + mark;
    std::vector<pid_t> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string environ = slurp(entry.path().string() + "/environ");
        std::size_t start = 0;
        while (start < environ.size()) {
            const auto end = environ.find('\0', start);
            if (environ.compare(start, end - start, wanted) == 0) {
                found.push_back(std::stoi(name));
                break;
            }
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return found;
}

class MpiQrsh : public NetnsSuite {
  protected:
    void SetUp() override {
        NetnsSuite::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        pi_ = bin_path("bramble-pi");
        mpirun_ = system_program("mpirun");
        if (::access(pi_.c_str(), X_OK) != 0 || mpirun_.empty())
            GTEST_SKIP() << "needs " << pi_ << " (BRAMBLE_KERNELS=ON) and Open MPI's mpirun";
    }

    // Submits `script` as a job of -pe mpi `slots`, output and errors in `name`.out.
    std::uint64_t submit(const std::string& name, int slots, const std::string& script) {
        return cluster().submit({"-cwd", "-N", name, "-j", "y", "-o", output(name), "-pe", "mpi",
                                 std::to_string(slots), "-b", "y", "/bin/sh", "-c", script});
    }
    static std::string output(const std::string& name) {
        return cluster().work_dir() + "/" + name + ".out";
    }
    // qacct -j of a job that has ended (qstat no longer knows it).
    static std::string detail(std::uint64_t id) {
        return cluster().run("qacct", {"-j", std::to_string(id)}).out;
    }
    bool wait_no_marked(const std::string& mark) {
        return cluster().wait_until([&] { return marked_processes(mark).empty(); }, 20s);
    }

    std::string pi_;
    std::string mpirun_;
};

TEST_F(MpiQrsh, PlainMpirunStartsOneRankOnEachAllocatedNode) {
    const auto id =
        submit("pi4", 4, mpi_environment("pi4") + mpirun_ + " " + pi_ + " --intervals 100000");
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id, 120s)) << "job " << id;
    const std::string text = slurp(output("pi4"));
    std::set<std::string> nodes;
    const std::regex rank_line("rank ([0-9]) of 4 on (pi0[1-4])");
    for (std::sregex_iterator it(text.begin(), text.end(), rank_line), end; it != end; ++it)
        nodes.insert((*it)[2]);
    EXPECT_THAT(nodes, ElementsAre("pi01", "pi02", "pi03", "pi04")) << text;
    EXPECT_THAT(text, HasSubstr("pi is approximately 3.14159")) << text;
    EXPECT_THAT(detail(id), ContainsRegex("\nexit_status  0 ")) << detail(id);
    EXPECT_TRUE(wait_no_marked("pi4"));
}

TEST_F(MpiQrsh, MergeSortRunsAcrossTheFourNodesAndVerifiesItsResult) {
    const std::string sort = bin_path("bramble-mergesort");
    const auto id =
        submit("sort4", 4, mpi_environment("sort4") + mpirun_ + " " + sort + " --count 200000");
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id, 120s)) << "job " << id;
    const std::string text = slurp(output("sort4"));
    std::set<std::string> nodes;
    const std::regex rank_line("rank ([0-9]) of 4 on (pi0[1-4])");
    for (std::sregex_iterator it(text.begin(), text.end(), rank_line), end; it != end; ++it)
        nodes.insert((*it)[2]);
    EXPECT_THAT(nodes, ElementsAre("pi01", "pi02", "pi03", "pi04")) << text;
    EXPECT_THAT(text, HasSubstr("200000 integers over 4 rank(s)")) << text;
    EXPECT_THAT(text, HasSubstr("sorted and verified")) << text;
    EXPECT_THAT(detail(id), ContainsRegex("\nexit_status  0 ")) << detail(id);
    EXPECT_TRUE(wait_no_marked("sort4"));
}

TEST_F(MpiQrsh, DaemonsOnComputeNodesStartTheNextOnesThroughQrshToo) {
    // A routing tree of radix 1 is a chain: mpirun starts pi02's daemon, which starts pi03's with
    // qrsh -inherit on pi02, and so on. Open MPI puts its own prefix (/usr/bin) first on the
    // daemons' PATH, so on a machine that also has Grid Engine's client its qrsh would win there;
    // naming the agent (with the arguments Open MPI would use) keeps the test to bramble's.
    const std::string agent = "OMPI_MCA_plm_rsh_agent='" + bin_path("qrsh") +
                              " -inherit -nostdin -V' OMPI_MCA_routed_radix=1";
    const auto id = submit("chain", 4,
                           mpi_environment("chain") + "export " + agent + "; " + mpirun_ + " " +
                               pi_ + " --intervals 100000");
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id, 120s)) << "job " << id;
    const std::string text = slurp(output("chain"));
    EXPECT_THAT(text, HasSubstr("pi is approximately 3.14159")) << text;
    for (const std::string node : {"pi01", "pi02", "pi03", "pi04"})
        EXPECT_THAT(text, ContainsRegex("rank [0-3] of 4 on " + node)) << text;
    EXPECT_THAT(detail(id), ContainsRegex("\nexit_status  0 ")) << detail(id);
}

TEST_F(MpiQrsh, QrshToAHostOutsideTheAllocationIsRefused) {
    const std::string script =
        "for h in pi01 pi02 pi03 pi04; do $SGE_ROOT/bin/$ARC/qrsh -inherit -nostdin -V $h "
        "hostname || echo refused $h; done";
    const auto id = submit("outside", 2, script);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id)) << "job " << id;
    const std::string text = slurp(output("outside"));
    // Two hosts ran it, two were refused, each refusal saying why.
    const std::regex ran("^(pi0[1-4])$", std::regex::multiline);
    const std::regex refused("qrsh: host (pi0[1-4]) is not part of job " + std::to_string(id) +
                             "'s allocation \\(its hosts: pi0[1-4], pi0[1-4]\\)\nrefused \\1\n");
    EXPECT_EQ(std::distance(std::sregex_iterator(text.begin(), text.end(), ran), {}), 2) << text;
    EXPECT_EQ(std::distance(std::sregex_iterator(text.begin(), text.end(), refused), {}), 2)
        << text;
}

TEST_F(MpiQrsh, QdelOfARunningMpiJobLeavesNoProcessOnAnyNode) {
    const std::string started = cluster().work_dir() + "/qdel.rank";
    const auto id = submit("qdel", 4,
                           mpi_environment("qdel") + mpirun_ + " /bin/sh -c 'touch " + started +
                               ".$OMPI_COMM_WORLD_RANK; exec sleep 300'");
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_until(
        [&] {
            for (int rank = 0; rank < 4; ++rank) {
                if (!std::filesystem::exists(started + "." + std::to_string(rank))) return false;
            }
            return true;
        },
        60s))
        << slurp(output("qdel"));
    EXPECT_GE(marked_processes("qdel").size(), 4u) << "the ranks and their daemons";
    ProcessResult r = cluster().run("qdel", {std::to_string(id)});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    ASSERT_TRUE(cluster().wait_gone(id, 60s));
    EXPECT_TRUE(wait_no_marked("qdel")) << marked_processes("qdel").size() << " left";
    for (const pid_t pid : marked_processes("qdel"))
        ::kill(pid, SIGKILL);
}

TEST_F(MpiQrsh, AJobWhoseRankCrashesFailsAndLeavesNothingBehind) {
    const std::string script = mpi_environment("crash") + mpirun_ +
                               " /bin/sh -c 'if [ \"$OMPI_COMM_WORLD_RANK\" = 2 ]; then sleep 1; "
                               "kill -SEGV $$; fi; exec sleep 300'";
    const auto id = submit("crash", 4, script);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id, 90s)) << slurp(output("crash"));
    EXPECT_THAT(detail(id), ContainsRegex("\nexit_status  [1-9][0-9]* ")) << detail(id);
    EXPECT_TRUE(wait_no_marked("crash")) << marked_processes("crash").size() << " left";
    for (const pid_t pid : marked_processes("crash"))
        ::kill(pid, SIGKILL);
}

}  // namespace
}  // namespace bramble::test
