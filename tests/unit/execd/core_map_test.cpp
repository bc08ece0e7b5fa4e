// Core binding's pure parts: granted cores to OS CPUs through the node's table, the refusals that
// leave a job unbound (and say why), narrowing the table with the node, the table hwloc gives for
// this machine, and the binding's trip through job.json.
#include "execd/core_map.hpp"

#include <gtest/gtest.h>

#include <set>

#include "execd/inventory.hpp"
#include "execd/job_dir.hpp"
#include "support/temp_dir.hpp"

namespace bramble::execd {
namespace {

// A machine of 4 cores with 2 hardware threads each, numbered as Linux often does on x86:
// core i holds CPUs i and i+4.
const CoreMap kSmt = {{0, 4}, {1, 5}, {2, 6}, {3, 7}};
const std::vector<int> kAllEight = {0, 1, 2, 3, 4, 5, 6, 7};

struct BindingCase {
    const char* what;
    std::vector<int> cores;
    std::vector<int> allowed;
    std::vector<int> cpus;       // expected
    const char* unbound_reason;  // expected
};

TEST(CoreMap, GrantedCoresBecomeTheirCpus) {
    const BindingCase cases[] = {
        {"one core, both threads", {1}, kAllEight, {1, 5}, ""},
        {"two cores, sorted CPUs", {2, 0}, kAllEight, {0, 2, 4, 6}, ""},
        {"nothing granted, nothing to bind", {}, kAllEight, {}, ""},
        {"a core the table does not have",
         {4},
         kAllEight,
         {},
         "cores 4 on pi01: core 4 is not one of this machine's 4 cores; the job runs unbound"},
        // A container's cpuset allows CPUs 0-3 only: core 1's second thread (5) is refused.
        {"a CPU the cpuset refuses",
         {1},
         {0, 1, 2, 3},
         {},
         "cores 1 on pi01 are CPUs 1,5, but CPUs 5 are not allowed here (allowed: 0,1,2,3); "
         "the job runs unbound"},
        {"an unreadable affinity",
         {0},
         {},
         {},
         "cores 0 on pi01 are CPUs 0,4, but CPUs 0,4 are not allowed here (allowed: unknown); "
         "the job runs unbound"},
    };
    for (const auto& c : cases) {
        const Binding binding = plan_binding(kSmt, c.cores, c.allowed, "pi01");
        EXPECT_EQ(binding.cores, c.cores) << c.what;
        EXPECT_EQ(binding.cpus, c.cpus) << c.what;
        EXPECT_EQ(binding.unbound_reason, c.unbound_reason) << c.what;
        EXPECT_EQ(binding.bound(), !c.cpus.empty()) << c.what;
    }
}

TEST(CoreMap, NarrowedNodeKeepsTheMachinesFirstCores) {
    // Execds posing as 2-core nodes on this 4-core machine map core i to machine core i, unless
    // told to start elsewhere (--first-core).
    EXPECT_EQ(narrow_core_map(kSmt, 2), (CoreMap{{0, 4}, {1, 5}}));
    EXPECT_EQ(narrow_core_map(kSmt, 0), kSmt) << "0 = the whole machine";
    EXPECT_EQ(narrow_core_map(kSmt, 4), kSmt);
    // A second node posing on the same machine starts at core 2, wrapping around.
    EXPECT_EQ(narrow_core_map(kSmt, 2, 2), (CoreMap{{2, 6}, {3, 7}}));
    EXPECT_EQ(narrow_core_map(kSmt, 2, 3), (CoreMap{{3, 7}, {0, 4}}));
    EXPECT_EQ(narrow_core_map(kSmt, 1, 9), (CoreMap{{1, 5}}));
}

TEST(CoreMap, ListsAreCommaSeparated) {
    EXPECT_EQ(number_list({0, 1, 12}), "0,1,12");
    EXPECT_EQ(number_list({}), "");
}

TEST(CoreMap, CpuSetHoldsExactlyTheCpus) {
    const cpu_set_t set = cpu_set_of({1, 5});
    EXPECT_EQ(CPU_COUNT(&set), 2);
    EXPECT_TRUE(CPU_ISSET(1, &set));
    EXPECT_TRUE(CPU_ISSET(5, &set));
}

TEST(CoreMap, ThisMachinesTableCoversItsCoresOnce) {
    // Through bramble-inventory, as the execd learns it.
    auto machine = probe_machine(BRAMBLE_INVENTORY_PATH, "self");
    ASSERT_TRUE(machine) << machine.message();
    ASSERT_EQ(static_cast<int>(machine->cores.size()), machine->inventory.cores);
    std::set<int> seen;
    int total = 0;
    for (const auto& cpus : machine->cores) {
        EXPECT_FALSE(cpus.empty());
        for (const int cpu : cpus) {
            seen.insert(cpu);
            ++total;
        }
    }
    EXPECT_EQ(static_cast<int>(seen.size()), total) << "no CPU belongs to two cores";
    EXPECT_EQ(total, machine->inventory.threads);
    // Every core of this machine is one this test process may run on (no cpuset narrower than
    // what hwloc shows, since hwloc leaves out what is not allowed).
    const Binding all = plan_binding(machine->cores, {0}, allowed_cpus(), "self");
    EXPECT_TRUE(all.bound()) << all.unbound_reason;
}

TEST(CoreMap, BindingSurvivesTheJobFile) {
    test::TempDir dir;
    LaunchSpec launch;
    launch.job.id = 7;
    launch.binding = Binding{{1}, {1, 5}, ""};
    ASSERT_TRUE(write_launch_spec(dir.path().string(), launch));
    auto read = read_launch_spec(dir.path().string());
    ASSERT_TRUE(read) << read.message();
    EXPECT_EQ(read->binding.cores, (std::vector<int>{1}));
    EXPECT_EQ(read->binding.cpus, (std::vector<int>{1, 5}));

    launch.binding = Binding{{0}, {}, "cores 0 on pi01: why"};
    ASSERT_TRUE(write_launch_spec(dir.path().string(), launch));
    read = read_launch_spec(dir.path().string());
    ASSERT_TRUE(read) << read.message();
    EXPECT_EQ(read->binding.unbound_reason, "cores 0 on pi01: why");
}

}  // namespace
}  // namespace bramble::execd
