// The small pure pieces of the execd and shepherd: PE_HOSTFILE lines, shebang detection, the
// interpreter choice, /proc parsing, architecture names, node narrowing and the run-as rule.
#include <gtest/gtest.h>

#include "execd/inventory.hpp"
#include "execd/node_load.hpp"
#include "execd/run_as.hpp"
#include "execd/shepherd/interpreter.hpp"
#include "execd/shepherd/pe_hostfile.hpp"
#include "execd/shepherd/process_tree.hpp"

namespace bramble {
namespace {

TEST(PeHostfile, OneLinePerGrantInGridEngineFormat) {
    Allocation allocation;
    allocation.grants = {{.node = "pi01", .cores = {0, 1, 2, 3}, .memory = 0},
                         {.node = "pi02", .cores = {0, 1}, .memory = 0}};
    const auto host_of = [](const std::string& node) { return node + ".lab"; };
    EXPECT_EQ(shepherd::pe_hostfile_text(allocation, "all.q", host_of, "pi01", 6),
              "pi01.lab 4 all.q@pi01.lab UNDEFINED\n"
              "pi02.lab 2 all.q@pi02.lab UNDEFINED\n");
}

TEST(PeHostfile, EmptyAllocationIsTheWholeJobOnThisNode) {
    const auto host_of = [](const std::string&) { return std::string("raspberrypi"); };
    EXPECT_EQ(shepherd::pe_hostfile_text({}, "all.q", host_of, "pi01", 3),
              "raspberrypi 3 all.q@raspberrypi UNDEFINED\n");
}

TEST(Shebang, FirstWordOfTheHashBangLine) {
    const std::pair<const char*, std::optional<std::string>> cases[] = {
        {"#!/bin/bash\necho hi\n", "/bin/bash"},
        {"#! /usr/bin/env python3\nprint(1)\n", "/usr/bin/env"},
        {"#!/bin/sh -e\r\nexit 0\n", "/bin/sh"},
        {"#!/bin/zsh", "/bin/zsh"},
        {"echo no shebang\n", std::nullopt},
        {"#$ -N x\necho\n", std::nullopt},
        {"#!\n", std::nullopt},
        {"", std::nullopt},
    };
    for (const auto& [script, expected] : cases) {
        EXPECT_EQ(shepherd::shebang_interpreter(script), expected) << script;
    }
}

TEST(Interpreter, ShellFlagThenShebangThenBinSh) {
    JobSpec spec;
    spec.script = "#!/bin/bash\necho\n";
    spec.args = {"a1"};
    auto command = shepherd::choose_command(spec, "/job/script");
    EXPECT_EQ(command.program, "/job/script");
    EXPECT_EQ(command.argv, (std::vector<std::string>{"/job/script", "a1"}));
    EXPECT_EQ(command.interpreter, "/bin/bash");

    spec.shell = "/bin/dash";
    command = shepherd::choose_command(spec, "/job/script");
    EXPECT_EQ(command.argv, (std::vector<std::string>{"/bin/dash", "/job/script", "a1"}));

    spec.shell.clear();
    spec.script = "echo\n";
    command = shepherd::choose_command(spec, "/job/script");
    EXPECT_EQ(command.argv, (std::vector<std::string>{"/bin/sh", "/job/script", "a1"}));
    EXPECT_FALSE(command.search_path);
}

TEST(Interpreter, BinaryJobIsItsCommandLineFoundOnPath) {
    JobSpec spec;
    spec.binary = true;
    spec.args = {"hostname", "-s"};
    const auto command = shepherd::choose_command(spec, "/job/script");
    EXPECT_EQ(command.program, "hostname");
    EXPECT_EQ(command.argv, spec.args);
    EXPECT_TRUE(command.search_path);
    EXPECT_TRUE(command.interpreter.empty());
}

TEST(ProcessTree, ParentFromStatSurvivesOddCommandNames) {
    EXPECT_EQ(shepherd::parent_from_stat("123 (bash) S 77 123 123 0"), 77);
    EXPECT_EQ(shepherd::parent_from_stat("124 (a) b (c)) R 9 1 1 0"), 9);
    EXPECT_EQ(shepherd::parent_from_stat("garbage"), -1);
}

TEST(ProcessTree, DescendantsFollowTheWholeTree) {
    //   10 -> 11 -> 12 -> 13, 10 -> 14; 20 is unrelated
    const std::map<pid_t, pid_t> parents = {{11, 10}, {12, 11}, {13, 12}, {14, 10}, {20, 1}};
    auto found = shepherd::descendants(10, parents);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<pid_t>{11, 12, 13, 14}));
}

TEST(NodeLoad, ParsesProcFiles) {
    EXPECT_DOUBLE_EQ(execd::parse_loadavg("0.52 0.58 0.59 1/467 12345\n"), 0.52);
    EXPECT_DOUBLE_EQ(execd::parse_loadavg(""), 0);
    const auto load = execd::parse_meminfo(
        "MemTotal:        4000000 kB\nMemFree:  100 kB\nMemAvailable:    3000000 kB\n"
        "SwapTotal:       1000 kB\nSwapFree:         400 kB\n");
    EXPECT_EQ(load.memory_used, 1000000ULL * 1024);  // 4000000 - 3000000 kB
    EXPECT_EQ(load.swap_total, 1000ULL * 1024);
    EXPECT_EQ(load.swap_used, 600ULL * 1024);  // 1000 - 400 kB
}

TEST(Inventory, GridEngineArchitectureNames) {
    EXPECT_EQ(execd::ge_arch("x86_64"), "lx-amd64");
    EXPECT_EQ(execd::ge_arch("aarch64"), "lx-arm64");
    EXPECT_EQ(execd::ge_arch("armv7l"), "lx-armhf");
    EXPECT_EQ(execd::ge_arch("armv6l"), "lx-armhf");
    EXPECT_EQ(execd::ge_arch("riscv64"), "lx-riscv64");
}

TEST(Inventory, NarrowingPosesAsASmallerNode) {
    NodeInventory machine{"pi01", "box", "lx-amd64", 8, 1, 16, 16ULL << 30};
    auto node = execd::narrow_inventory(machine, 4, 1ULL << 30);
    ASSERT_TRUE(node) << node.message();
    EXPECT_EQ(node->cores, 4);
    EXPECT_EQ(node->threads, 8);
    EXPECT_EQ(node->memory, 1ULL << 30);

    auto too_many = execd::narrow_inventory(machine, 9, 0);
    ASSERT_FALSE(too_many);
    EXPECT_EQ(too_many.message(), "--cores 9 is more than this machine's 8 cores");
    auto too_big = execd::narrow_inventory(machine, 0, 32ULL << 30);
    ASSERT_FALSE(too_big);
    EXPECT_EQ(too_big.message(), "--memory 32.0G is more than this machine's 16.0G");
}

TEST(RunAs, OnlyRootRunsOtherUsersJobs) {
    EXPECT_FALSE(execd::cannot_run_as(0, 1001, "alice", "pi01"));
    EXPECT_FALSE(execd::cannot_run_as(1000, 1000, "bob", "pi01"));
    EXPECT_EQ(execd::cannot_run_as(1000, 1001, "alice", "pi01"),
              "execd on pi01 runs as uid 1000 and cannot run jobs as user alice");
}

}  // namespace
}  // namespace bramble
