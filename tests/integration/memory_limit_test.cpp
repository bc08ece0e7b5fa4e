// Memory limits and control groups (issue 4: commands run "inside the job's allocation, its cgroup
// and cores"). On each node a job's processes share a control group of their own, limited to the
// memory the job was granted there (h_vmem per slot); a job that goes past it is ended and
// `qstat -j` says why. A node without control groups (pi03 runs with --no-cgroups, as a Pi
// without the memory controller would) has its shepherd watch the job's processes and end it the
// same way. `qhost -F` and `qstat -j` say which enforcement is in force.
// Nodes: pi01 and pi02 (control groups where this machine has them), pi03 (--no-cgroups); 1 core
// and 512M each. Tests that need a memory control group skip on a machine that has none.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/probe_suite.hpp"
#include "support/text.hpp"

namespace bramble::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char* const kConfig = "parallel_environments:\n  rr: {allocation_rule: $round_robin}\n";

// Holds about 200 MB in a shell variable for a minute: past a 64M limit, well within the node.
const char* const kHog = "x=$(head -c 200000000 /dev/zero | tr '\\0' a); sleep 60";

// Whether this machine mounts a cgroup hierarchy with the memory controller (v1, or v2 offering
// it at its root).
bool memory_cgroup_here() {
    std::ifstream in("/proc/self/mountinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.find(" - cgroup ") != std::string::npos &&
            line.find(",memory") != std::string::npos) {
            return true;
        }
        if (line.find(" - cgroup2 ") != std::string::npos) {
            std::istringstream fields(line);
            std::string skip, mount_point;
            fields >> skip >> skip >> skip >> skip >> mount_point;
            if (read_file(mount_point + "/cgroup.controllers").find("memory") != std::string::npos)
                return true;
        }
    }
    return false;
}

// Every directory named `name` below the cgroup mounts (a job's group, left behind or not).
std::vector<std::string> groups_named(const std::string& name) {
    std::vector<std::string> found;
    std::error_code ec;
    const auto options = fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it("/sys/fs/cgroup", options, ec), end; it != end;
         it.increment(ec)) {
        if (ec) break;
        if (it->is_directory(ec) && it->path().filename() == name) found.push_back(it->path());
    }
    return found;
}

// Job `id`'s group directories on this cluster's nodes: each `job_ID` below one of the node groups
// the job's processes reported (bramble.pi01.<hash>). Other clusters' groups (tests running
// meanwhile, or an execd killed earlier) never count.
std::vector<std::string> job_groups(std::uint64_t id, const std::string& report) {
    std::set<std::string> node_groups;
    const std::regex node_group("bramble\\.pi0[0-9]\\.[0-9a-f]{8}");
    for (std::sregex_iterator it(report.begin(), report.end(), node_group), end; it != end; ++it)
        node_groups.insert(it->str());
    std::vector<std::string> found;
    for (const std::string& path : groups_named("job_" + std::to_string(id))) {
        if (node_groups.count(fs::path(path).parent_path().filename().string()) > 0)
            found.push_back(path);
    }
    return found;
}

class MemoryLimits : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        start({{"pi01", 1, "512M"}, {"pi02", 1, "512M"}, {"pi03", 1, "512M", {"--no-cgroups"}}},
              kConfig);
    }

  protected:
    // Submits `command` on `node` with 64M and waits until it has left the queue; returns its id.
    static std::uint64_t run_to_end(const std::string& node, const std::string& command) {
        const auto id = cluster().submit({"-cwd", "-q", "all.q@" + node, "-l", "h_vmem=64M", "-b",
                                          "y", "/bin/sh", "-c", command});
        EXPECT_NE(id, 0u);
        EXPECT_TRUE(cluster().wait_gone(id, 90s)) << "job " << id << " did not end";
        return id;
    }

    static void need_cgroups() {
        if (!memory_cgroup_here()) GTEST_SKIP() << "this machine has no memory control group";
    }
};

TEST_F(MemoryLimits, QhostSaysHowEachNodeHoldsItsJobs) {
    const auto r = cluster().run("qhost", {"-F", "enforcement"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::string expected_here =
        memory_cgroup_here() ? "cgroup-v[12]\\(memory(,cpuset)?\\)" : "rss-watch";
    EXPECT_THAT(r.out, ContainsRegex("\npi01 [^\n]*\n    hl:enforcement=" + expected_here + "\n"))
        << r.out;
    EXPECT_THAT(r.out, ContainsRegex("\npi03 [^\n]*\n    hl:enforcement=rss-watch\n")) << r.out;
}

TEST_F(MemoryLimits, AJobPastItsMemoryInItsControlGroupIsEndedAndSaysWhy) {
    need_cgroups();
    const auto id = run_to_end("pi01", kHog);
    EXPECT_EQ(cluster().qacct_value(id, "failed"),
              "37  : qmaster enforced h_rt, h_cpu, or h_vmem limit");
    EXPECT_EQ(cluster().qacct_value(id, "exit_status"), "137                  (Killed)");
}

TEST_F(MemoryLimits, AJobPastItsMemoryOnANodeWithoutGroupsIsEndedAndSaysWhy) {
    const auto id = run_to_end("pi03", kHog);
    EXPECT_EQ(cluster().qacct_value(id, "failed"),
              "37  : qmaster enforced h_rt, h_cpu, or h_vmem limit");
}

TEST_F(MemoryLimits, AJobWithinItsMemoryRunsToTheEnd) {
    for (const std::string node : {"pi01", "pi03"}) {
        const auto id = run_to_end(node, "x=$(head -c 8000000 /dev/zero | tr '\\0' a); exit 0");
        EXPECT_EQ(cluster().qacct_value(id, "exit_status"), "0") << node;
        EXPECT_EQ(cluster().qacct_value(id, "failed"), "0") << node;
    }
}

TEST_F(MemoryLimits, TheScriptAndItsRemoteCommandsLiveInTheJobsGroupOnEachNode) {
    need_cgroups();
    const std::string report =
        "cat /proc/self/cgroup; \"$SGE_ROOT/bin/$ARC/qrsh\" -inherit "
        "$(sed -n 2p \"$PE_HOSTFILE\" | cut -d' ' -f1) cat /proc/self/cgroup";
    const auto id = probe("grouped", report, {"-pe", "rr", "2", "-l", "hostname=pi0[12]"});
    const std::string seen = report_of("grouped");
    const std::string job = "/job_" + std::to_string(id) + "\n";
    EXPECT_THAT(seen, ContainsRegex("/bramble\\.pi01\\.[0-9a-f]{8}" + job)) << seen;
    EXPECT_THAT(seen, ContainsRegex("/bramble\\.pi02\\.[0-9a-f]{8}" + job)) << seen;
    EXPECT_THAT(detail_value(id, "enforcement"),
                ContainsRegex("^pi0[12]=cgroup-v[12]\\(memory[a-z,]*\\) "
                              "pi0[12]=cgroup-v[12]\\(memory[a-z,]*\\)$"))
        << detail(id);
    std::set<std::string> nodes_with_group;  // "bramble.pi01" of bramble.pi01.<hash>/job_ID
    for (const std::string& path : job_groups(id, seen))
        nodes_with_group.insert(fs::path(path).parent_path().filename().string().substr(0, 12));
    EXPECT_THAT(nodes_with_group, ElementsAre("bramble.pi01", "bramble.pi02")) << seen;

    open_gate("grouped");
    ASSERT_TRUE(cluster().wait_gone(id));
    std::vector<std::string> left;
    EXPECT_TRUE(cluster().wait_until(
        [&] {
            left = job_groups(id, seen);
            return left.empty();
        },
        10s))
        << "left behind: " << left.front();
}

}  // namespace
}  // namespace bramble::test
