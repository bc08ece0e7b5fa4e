// Consumables and memory as a user sees them: a node's configured gpu is held by one job at a
// time and the next waits saying why; memory is charged per slot (-l h_vmem) unless the YAML job
// asks for it once (memory_per_job); a -l name no node offers is refused at qsub, by name.
// Nodes: pi01 (2 cores, 1G, one gpu) and pi02 (2 cores, 1G).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class Consumables : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        start({{"pi01", 2, "1G"}, {"pi02", 2, "1G"}}, "nodes:\n  pi01: {resources: {gpu: 1}}\n");
    }
};

TEST_F(Consumables, OneGpuOneJobTheOthersWaitSayingWhy) {
    auto first = gated("first", {"-l", "gpu=1"});
    ASSERT_TRUE(cluster().wait_state(first, "r"));
    EXPECT_EQ(cluster().qstat_queue(first), "all.q@pi01") << "only pi01 has a gpu";

    // Three cores are free, but not the gpu. The first job to wait is promised the gpu when
    // the holder's walltime (the default hour) is up; the next says what is missing.
    auto second = gated("second", {"-l", "gpu=1"});
    EXPECT_TRUE(reserved_within_the_default_hour(second)) << detail(second);
    EXPECT_EQ(cluster().qstat_state(second), "qw");
    EXPECT_THAT(detail_value(second, "hard resource_list"), HasSubstr("gpu=1"));
    auto third = gated("third", {"-l", "gpu=1"});
    EXPECT_TRUE(wait_reason(third, "consumables")) << detail(third);
    EXPECT_THAT(detail_value(third, "scheduling info"), HasSubstr("in use"));
    EXPECT_EQ(cluster().qstat_state(third), "qw");

    touch(gates_[0]);
    ASSERT_TRUE(cluster().wait_state(second, "r"));
    EXPECT_EQ(cluster().qstat_queue(second), "all.q@pi01");
}

TEST_F(Consumables, AJobWithoutTheConsumableStillUsesTheGpuNodesFreeCores) {
    auto holder = gated("holder", {"-l", "gpu=1"});
    ASSERT_TRUE(cluster().wait_state(holder, "r"));
    auto plain = gated("plain", {"-q", "all.q@pi01"});
    EXPECT_TRUE(cluster().wait_state(plain, "r")) << detail(plain);
}

TEST_F(Consumables, MemoryIsPerSlotWithHvmemAndOnceWithMemoryPerJob) {
    // 2 slots x 600M = 1.2G: more than either node has.
    ProcessResult per_slot =
        qsub({"-cwd", "-pe", "smp", "2", "-l", "h_vmem=600M", "-b", "y", "/bin/true"});
    EXPECT_NE(per_slot.exit_code, 0) << per_slot.describe();
    EXPECT_EQ(per_slot.out, "");
    EXPECT_THAT(per_slot.err, HasSubstr("2 slots x 600")) << per_slot.describe();
    EXPECT_THAT(per_slot.err, HasSubstr("pi0")) << "the message should name the largest node";

    // The same 600M charged once fits, and the job gets both slots.
    const std::string file = gated_yaml("perjob", "pe: smp\nslots: 2\nmemory_per_job: 600M\n");
    auto id = cluster().submit({file});
    adopt(id, "perjob");
    ASSERT_TRUE(cluster().wait_state(id, "r")) << detail(id);
    const auto row = qstat_row(id);
    ASSERT_FALSE(row.empty());
    EXPECT_EQ(row.back(), "2") << "the slots column";
}

TEST_F(Consumables, AnUnknownResourceIsRefusedAtQsubNamingIt) {
    ProcessResult r = qsub({"-cwd", "-l", "foo=1", "-b", "y", "/bin/true"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("'foo'")) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("gpu")) << "the message should say what the nodes offer";
    EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "");
}

}  // namespace
}  // namespace bramble::test
