// qmod -d / -e and qselect with the real daemons and tools: a disabled (drained) node lets its
// running job finish and starts nothing new, even with work waiting, until a manager enables it;
// the state outlives a scheduler restart and shows as `d` in qstat -f; nobody else may change it;
// and qselect's names feed qmod as with Grid Engine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::MatchesRegex;

class Drain : public ClusterSuite {
  protected:
    void TearDown() override {
        // The next test starts with every instance enabled, whatever this one left.
        cluster().run("qmod", {"-e", "*"});
        ClusterSuite::TearDown();
    }

    static std::string full_listing() { return cluster().run("qstat", {"-f"}).out; }

    // qstat -f shows the node's instance with exactly these state letters.
    static bool shows_states(const std::string& node, const std::string& states) {
        const std::regex line("all\\.q@" + node + " +BIP +[^\n]*lx-[a-z0-9]+ +" + states + "\n");
        return std::regex_search(full_listing(), line);
    }

    static std::string changed(const std::string& node, const std::string& state) {
        return me() + "@.+ changed state of \"all\\.q@" + node + "\" \\(" + state + "\\)\n";
    }

    // The job stays waiting for a few seconds (the pass runs within one after any change).
    static bool keeps_waiting(std::uint64_t id) {
        return !cluster().wait_until([&] { return cluster().qstat_state(id) != "qw"; }, 3s);
    }
};

TEST_F(Drain, ADisabledNodeFinishesItsJobAndStartsNoOtherUntilEnabled) {
    const auto first = gated("first");
    ASSERT_TRUE(cluster().wait_state(first, "r")) << cluster().logs();
    const std::string queue = cluster().qstat_queue(first);
    const std::string drained = queue.substr(queue.find('@') + 1);
    const std::string other = drained == "pi01" ? "pi02" : "pi01";

    ProcessResult disabled = cluster().run("qmod", {"-d", queue});
    EXPECT_EQ(disabled.exit_code, 0) << disabled.describe();
    EXPECT_THAT(disabled.out, MatchesRegex(changed(drained, "disabled")));
    EXPECT_TRUE(shows_states(drained, "d")) << full_listing();
    EXPECT_TRUE(shows_states(other, "")) << full_listing();
    EXPECT_EQ(cluster().qstat_state(first), "r") << "the running job runs on";

    const auto second = gated("second");
    ASSERT_TRUE(cluster().wait_state(second, "r")) << cluster().logs();
    EXPECT_EQ(cluster().qstat_queue(second), "all.q@" + other);

    // qstat -j says why a job pinned to the drained node waits.
    const auto pinned =
        cluster().submit({"-N", "pinned", "-l", "hostname=" + drained, "-b", "y", "/bin/true"});
    ASSERT_NE(pinned, 0U);
    EXPECT_TRUE(cluster().wait_until([&] {
        return cluster()
                   .run("qstat", {"-j", std::to_string(pinned)})
                   .out.find("pinned to " + drained + ", which is disabled") != std::string::npos;
    })) << cluster().run("qstat", {"-j", std::to_string(pinned)}).out;
    EXPECT_EQ(cluster().run("qdel", {std::to_string(pinned)}).exit_code, 0);

    const auto waiting = gated("waiting");
    ASSERT_NE(waiting, 0U);
    EXPECT_TRUE(keeps_waiting(waiting)) << "the other node is full, the drained one disabled";
    touch(work_file("first.gate"));
    ASSERT_TRUE(cluster().wait_gone(first)) << "the drained node's job finishes\n"
                                            << cluster().logs();
    EXPECT_TRUE(keeps_waiting(waiting)) << "a drained node that is empty still takes nothing";

    ProcessResult again = cluster().run("qmod", {"-d", drained});
    EXPECT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(again.out,
              "Queue instance \"" + queue + "\" is already in the specified state: disabled\n");

    ProcessResult enabled = cluster().run("qmod", {"-e", "*@" + drained});
    EXPECT_EQ(enabled.exit_code, 0) << enabled.describe();
    EXPECT_THAT(enabled.out, MatchesRegex(changed(drained, "enabled")));
    ASSERT_TRUE(cluster().wait_state(waiting, "r")) << cluster().logs();
    EXPECT_EQ(cluster().qstat_queue(waiting), queue);
    EXPECT_TRUE(shows_states(drained, "")) << full_listing();
}

TEST_F(Drain, TheDisabledStateOutlivesASchedulerRestart) {
    ProcessResult disabled = cluster().run("qmod", {"-d", "pi01"});
    ASSERT_EQ(disabled.exit_code, 0) << disabled.describe();
    ASSERT_TRUE(cluster().restart_scheduler()) << cluster().logs();
    EXPECT_TRUE(shows_states("pi01", "d")) << full_listing();

    const auto blocker = gated("blocker");
    ASSERT_TRUE(cluster().wait_state(blocker, "r")) << cluster().logs();
    EXPECT_EQ(cluster().qstat_queue(blocker), "all.q@pi02");
    const auto waiting = gated("waiting");
    ASSERT_NE(waiting, 0U);
    EXPECT_TRUE(keeps_waiting(waiting));

    ProcessResult enabled = cluster().run("qmod", {"-e", "all.q@pi01"});
    EXPECT_THAT(enabled.out, MatchesRegex(changed("pi01", "enabled")));
    ASSERT_TRUE(cluster().wait_state(waiting, "r")) << cluster().logs();
    EXPECT_EQ(cluster().qstat_queue(waiting), "all.q@pi01");
}

TEST_F(Drain, OnlyAManagerMayDisableOrEnable) {
    use_test_users();
    const std::string bob = users_->bob.name;
    ProcessResult by_bob = cluster().run("qmod", {"-d", "all.q@pi01"}, "", bob);
    EXPECT_EQ(by_bob.exit_code, 1) << by_bob.describe();
    EXPECT_EQ(by_bob.out, bob + " - you have no permission to modify queue \"all.q@pi01\"\n");
    EXPECT_TRUE(shows_states("pi01", "")) << full_listing();

    ASSERT_EQ(cluster().run("qmod", {"-d", "pi01"}).exit_code, 0);
    ProcessResult enable_by_bob = cluster().run("qmod", {"-e", "pi01"}, "", bob);
    EXPECT_EQ(enable_by_bob.exit_code, 1) << enable_by_bob.describe();
    EXPECT_TRUE(shows_states("pi01", "d")) << full_listing();

    ProcessResult unknown = cluster().run("qmod", {"-d", "all.q@pi09"});
    EXPECT_EQ(unknown.exit_code, 1) << unknown.describe();
    EXPECT_EQ(unknown.out, "invalid queue \"all.q@pi09\"\n");
}

TEST_F(Drain, QselectNamesFeedQmod) {
    ProcessResult all = cluster().run("qselect", {"-q", "all.q@pi0*"});
    EXPECT_EQ(all.exit_code, 0) << all.describe();
    EXPECT_EQ(all.out, "all.q@pi01\nall.q@pi02\n");
    EXPECT_EQ(cluster().run("qselect", {}).out, all.out);
    EXPECT_EQ(cluster().run("qselect", {"-q", "all.q@pi02"}).out, "all.q@pi02\n");
    EXPECT_EQ(cluster().run("qselect", {"-l", "arch=no-such-arch"}).out, "");

    std::vector<std::string> args = {"-d"};
    std::istringstream names(all.out);
    for (std::string name; std::getline(names, name);)
        args.push_back(name);
    ProcessResult disabled = cluster().run("qmod", args);
    EXPECT_EQ(disabled.exit_code, 0) << disabled.describe();
    EXPECT_THAT(disabled.out,
                MatchesRegex(changed("pi01", "disabled") + changed("pi02", "disabled")));
    EXPECT_EQ(cluster().run("qselect", {"-qs", "d"}).out, all.out);

    ProcessResult enabled = cluster().run("qmod", {"-e", "all.q@pi02"});
    EXPECT_EQ(enabled.exit_code, 0) << enabled.describe();
    EXPECT_EQ(cluster().run("qselect", {"-qs", "d"}).out, "all.q@pi01\n");

    ProcessResult bad = cluster().run("qselect", {"-foo"});
    EXPECT_EQ(bad.exit_code, 2) << bad.describe();
    EXPECT_THAT(bad.err, ::testing::StartsWith("qselect: invalid option argument \"-foo\"\n"));
}

}  // namespace
}  // namespace bramble::test
