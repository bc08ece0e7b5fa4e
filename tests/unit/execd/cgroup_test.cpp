// Control groups' pure parts and their file writes, on a stand-in tree of plain files: the mounts
// and this process's place read from /proc text, the node's directories prepared for v1 and v2,
// a job's group made with its memory limit and CPUs, and the OOM count read back. The kernel's side
// (joining, killing, removing) is exercised by the integration tests on a real hierarchy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "execd/cgroup_files.hpp"
#include "execd/cgroup_layout.hpp"
#include "execd/job_cgroup.hpp"
#include "model/task_id.hpp"
#include "support/temp_dir.hpp"

namespace bramble::execd {
namespace {

namespace fs = std::filesystem;

// A hybrid layout as systemd's "hybrid" mode and many containers have it: v1 controllers, and
// a v2 hierarchy without the memory controller.
const char* const kHybridMountinfo =
    "24 1 0:22 / /sys rw,nosuid - sysfs sysfs rw\n"
    "30 24 0:26 / SYS/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "31 24 0:27 / SYS/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
    "32 24 0:28 / SYS/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
    "33 24 0:29 / SYS/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
    "34 24 0:30 / SYS/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n";

const char* const kHybridSelf =
    "5:memory:/sandbox/abc\n3:cpuset:/\n2:cpu,cpuacct:/\n1:name=systemd:/\n0::/\n";

std::string with_root(std::string text, const std::string& root) {
    for (auto at = text.find("SYS"); at != std::string::npos; at = text.find("SYS", at))
        text.replace(at, 3, root);
    return text;
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

TEST(CgroupLayout, MountsAreReadFromMountinfo) {
    const auto mounts = parse_cgroup_mounts(with_root(kHybridMountinfo, "/sys/fs"));
    ASSERT_EQ(mounts.size(), 5u);
    EXPECT_EQ(mounts[0].path, "/sys/fs/cgroup/memory");
    EXPECT_EQ(mounts[0].version, 1);
    EXPECT_EQ(mounts[0].controllers, std::vector<std::string>{"memory"});
    EXPECT_EQ(mounts[2].controllers, (std::vector<std::string>{"cpu", "cpuacct"}));
    EXPECT_EQ(mounts[3].controllers, std::vector<std::string>{"xattr"})
        << "named hierarchies carry no controller";
    EXPECT_EQ(mounts[4].version, 2);
    EXPECT_EQ(mounts[4].path, "/sys/fs/cgroup/unified");
}

TEST(CgroupLayout, EscapedMountPointsAreDecoded) {
    const auto mounts =
        parse_cgroup_mounts("40 1 0:40 /x /mnt/my\\040groups rw - cgroup2 cgroup2 rw\n");
    ASSERT_EQ(mounts.size(), 1u);
    EXPECT_EQ(mounts[0].path, "/mnt/my groups");
    EXPECT_EQ(mounts[0].root, "/x");
}

TEST(CgroupLayout, OwnPathIsFoundByController) {
    EXPECT_EQ(own_cgroup_path(kHybridSelf, "memory"), "/sandbox/abc");
    EXPECT_EQ(own_cgroup_path(kHybridSelf, "cpuacct"), "/");
    EXPECT_EQ(own_cgroup_path(kHybridSelf, ""), "/");
    EXPECT_EQ(own_cgroup_path("0::/system.slice/bramble-execd.service\n", ""),
              "/system.slice/bramble-execd.service");
    EXPECT_EQ(own_cgroup_path("0::/a\n", "memory"), "");
}

TEST(CgroupLayout, EachExecdNamesItsGroupsAfterItsNodeAndSpool) {
    EXPECT_EQ(node_group_name("pi01", "/var/lib/bramble/execd/pi01"),
              node_group_name("pi01", "/var/lib/bramble/execd/pi01"));
    EXPECT_NE(node_group_name("pi01", "/tmp/a/spool"), node_group_name("pi01", "/tmp/b/spool"));
    EXPECT_THAT(node_group_name("pi01", "/tmp/a/spool"),
                ::testing::MatchesRegex("pi01\\.[0-9a-f]{8}"));
}

TEST(CgroupLayout, HybridLayoutUsesTheV1MemoryAndCpusetHierarchies) {
    test::TempDir tree;
    const std::string root = tree.path().string();
    write(tree.path() / "cgroup/cpuset/cpuset.cpus", "0-3\n");
    write(tree.path() / "cgroup/cpuset/cpuset.mems", "0\n");
    write(tree.path() / "cgroup/unified/cgroup.controllers", "hugetlb\n");
    fs::create_directories(tree.path() / "cgroup/memory/sandbox/abc");

    const CgroupBase base = prepare_cgroups("pi01", with_root(kHybridMountinfo, root), kHybridSelf);
    EXPECT_EQ(base.version, 1) << base.why_none;
    EXPECT_EQ(base.memory_dir, root + "/cgroup/memory/sandbox/abc/bramble.pi01");
    EXPECT_EQ(base.cpuset_dir, root + "/cgroup/cpuset/bramble.pi01");
    EXPECT_EQ(base.dirs, (std::vector<std::string>{base.memory_dir, base.cpuset_dir}));
    EXPECT_EQ(read_control(base.cpuset_dir + "/cpuset.cpus"), "0-3\n")
        << "a new cpuset group takes its parent's CPUs, or nobody could join it";
    EXPECT_EQ(read_control(base.cpuset_dir + "/cpuset.mems"), "0\n");
    EXPECT_EQ(base.enforcement(), "cgroup-v1(memory,cpuset)");
}

TEST(CgroupLayout, UnifiedLayoutMovesTheExecdIntoALeafAndHandsControllersDown) {
    test::TempDir tree;
    const std::string root = tree.path().string();
    const fs::path service = tree.path() / "cgroup/system.slice/bramble-execd.service";
    write(service / "cgroup.controllers", "cpuset cpu io memory pids\n");
    const std::string mountinfo = "30 24 0:26 / " + root + "/cgroup rw - cgroup2 cgroup2 rw\n";

    const CgroupBase base =
        prepare_cgroups("pi01", mountinfo, "0::/system.slice/bramble-execd.service\n");
    EXPECT_EQ(base.version, 2) << base.why_none;
    EXPECT_EQ(base.memory_dir, (service / "bramble.pi01").string());
    EXPECT_EQ(base.cpuset_dir, base.memory_dir);
    EXPECT_EQ(base.dirs, std::vector<std::string>{base.memory_dir});
    EXPECT_EQ(read_control((service / "execd.pi01/cgroup.procs").string()),
              std::to_string(::getpid()));
    // The stand-in files keep only the last write: the cpuset controller, after memory.
    EXPECT_EQ(read_control((service / "cgroup.subtree_control").string()), "+cpuset");
    EXPECT_EQ(read_control((service / "bramble.pi01/cgroup.subtree_control").string()), "+cpuset");
    EXPECT_EQ(base.enforcement(), "cgroup-v2(memory,cpuset)");
}

TEST(CgroupLayout, WithoutAMemoryControllerTheShepherdWatches) {
    test::TempDir tree;
    const std::string root = tree.path().string();
    write(tree.path() / "cgroup/cgroup.controllers", "cpu io pids\n");
    const CgroupBase base = prepare_cgroups(
        "pi01", "30 24 0:26 / " + root + "/cgroup rw - cgroup2 cgroup2 rw\n", "0::/\n");
    EXPECT_FALSE(base.in_use());
    EXPECT_EQ(base.enforcement(), "rss-watch");
    EXPECT_FALSE(base.why_none.empty());

    const CgroupBase nothing = prepare_cgroups("pi01", "", "");
    EXPECT_EQ(nothing.why_none, "no cgroup hierarchy is mounted");
}

TEST(JobCgroup, IsMadeWithTheGrantedMemoryAndCpus) {
    test::TempDir tree;
    CgroupBase base;
    base.version = 1;
    base.memory_dir = tree.file("memory/bramble.pi01");
    base.cpuset_dir = tree.file("cpuset/bramble.pi01");
    base.dirs = {base.memory_dir, base.cpuset_dir};
    write(fs::path(base.cpuset_dir) / "cpuset.mems", "0\n");
    fs::create_directories(base.memory_dir);

    const JobId task = task_job_id(42, 3);
    const JobCgroup group = job_cgroup(base, task);
    EXPECT_EQ(group.memory_dir, base.memory_dir + "/job_42.3");
    EXPECT_EQ(group.procs_files[1], base.cpuset_dir + "/job_42.3/cgroup.procs");
    ASSERT_TRUE(create_job_cgroup(group, 64ull << 20, {1, 3}));
    EXPECT_EQ(read_control(group.memory_dir + "/memory.limit_in_bytes"), "67108864");
    EXPECT_EQ(read_control(group.cpuset_dir + "/cpuset.cpus"), "1,3");
    EXPECT_EQ(read_control(group.cpuset_dir + "/cpuset.mems"), "0");

    EXPECT_EQ(oom_kills(group), 0);
    write(fs::path(group.memory_dir) / "memory.oom_control",
          "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    EXPECT_EQ(oom_kills(group), 2);
}

TEST(JobCgroup, NothingIsMadeWhereTheNodeHasNoGroups) {
    EXPECT_TRUE(job_cgroup(CgroupBase{}, 7).empty());
}

}  // namespace
}  // namespace bramble::execd
