// qselect: which queue instances a command line selects, and the state letters qstat -f and
// qselect -qs share.
#include "select_queues.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_full.hpp"
#include "job_builder.hpp"

namespace bramble::qstat {
namespace {

using Names = std::vector<std::string>;

wire::NodesReply cluster() {
    wire::NodesReply reply;
    reply.queue = "all.q";
    reply.nodes = {test::node("pi02", 4), test::node("pi01", 2), test::node("gpu1", 8, false)};
    reply.nodes[0].disabled = true;
    reply.nodes[1].error = "cannot set up a job";
    reply.nodes[2].inventory.arch = "lx-amd64";
    reply.nodes[2].inventory.memory = 32ULL << 30;
    reply.nodes[2].disabled = true;
    return reply;
}

Names select(const std::vector<std::string>& args) {
    auto options = parse_qselect_args(args);
    if (!options) {
        ADD_FAILURE() << options.message();
        return {};
    }
    return select_queue_instances(cluster(), *options);
}

TEST(QueueStates, GridEngineLettersInGridEngineOrder) {
    const auto nodes = cluster().nodes;
    EXPECT_EQ(queue_states(nodes[0]), "d");
    EXPECT_EQ(queue_states(nodes[1]), "E");
    EXPECT_EQ(queue_states(nodes[2]), "adu");
    EXPECT_EQ(queue_states(test::node("pi09", 1)), "");
}

TEST(Qselect, EveryInstanceSortedWithoutOptions) {
    EXPECT_EQ(select({}), (Names{"all.q@gpu1", "all.q@pi01", "all.q@pi02"}));
}

TEST(Qselect, QueueListsWithWildcardsAndBareNodes) {
    EXPECT_EQ(select({"-q", "all.q@pi0*"}), (Names{"all.q@pi01", "all.q@pi02"}));
    EXPECT_EQ(select({"-q", "*@gpu1,pi02"}), (Names{"all.q@gpu1", "all.q@pi02"}));
    EXPECT_EQ(select({"-q", "all.q@pi0[2-3]"}), (Names{"all.q@pi02"}));
    EXPECT_EQ(select({"-q", "all.q"}).size(), 3U);
    EXPECT_TRUE(select({"-q", "other.q"}).empty());
}

TEST(Qselect, ResourcesTheNodeOffers) {
    EXPECT_EQ(select({"-l", "arch=lx-amd64"}), (Names{"all.q@gpu1"}));
    EXPECT_EQ(select({"-l", "a=lx-arm64,slots=4"}), (Names{"all.q@pi02"}));
    EXPECT_EQ(select({"-l", "num_proc=2"}), (Names{"all.q@pi01"}));
    EXPECT_EQ(select({"-l", "mem_total=8G"}), (Names{"all.q@gpu1"}));
    EXPECT_EQ(select({"-l", "h=pi01|gpu*"}), (Names{"all.q@gpu1", "all.q@pi01"}));
}

TEST(Qselect, States) {
    EXPECT_EQ(select({"-qs", "d"}), (Names{"all.q@gpu1", "all.q@pi02"}));
    EXPECT_EQ(select({"-s", "E"}), (Names{"all.q@pi01"}));
    EXPECT_EQ(select({"-qs", "u", "-q", "pi02"}), Names{});
}

TEST(Qselect, EveryUserMayUseTheQueue) {
    EXPECT_EQ(select({"-U", "ada,bob"}).size(), 3U);
}

TEST(Qselect, BadArgumentsSayWhatIsWrong) {
    EXPECT_EQ(parse_qselect_args({"-foo"}).message(), "invalid option argument \"-foo\"");
    EXPECT_EQ(parse_qselect_args({"-l", "nosuchres=1"}).message(),
              "unknown resource \"nosuchres\"");
    EXPECT_EQ(parse_qselect_args({"-l", "mem_total=lots"}).message(),
              "resource \"mem_total=lots\": \"lots\" is not an amount of memory (512M, 4G)");
    EXPECT_EQ(parse_qselect_args({"-qs", "dx"}).message(),
              "unknown queue state \"x\" in \"dx\": the states are acdosuACDES");
    EXPECT_EQ(parse_qselect_args({"-q"}).message(), "option \"-q\" needs a value");
}

}  // namespace
}  // namespace bramble::qstat
