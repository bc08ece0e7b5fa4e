// qconf and qquota with the real daemons: what the scheduler's config in force says, as Grid
// Engine shows it; and SIGHUP: a changed config file takes effect for the next pass (a new PE, a
// raised limit that lets a waiting job start), a broken one is refused with the reason in the log
// and the config in force stays.
// Nodes: pi01..pi04, 1 core each; PEs smp and mpi (at most 4 slots); pi01 has the label role=web;
// every user may hold 1 slot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "support/cluster_suite.hpp"
#include "support/reference.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kConfig = R"(parallel_environments:
  smp: {allocation_rule: $pe_slots}
  mpi: {allocation_rule: $fill_up, max_slots: 4}
nodes:
  pi01: {labels: {role: web}}
user_limits:
  "*": {max_slots: 1}
)";

class Qconf : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(4), kConfig); }

  protected:
    static std::string config_path() { return (cluster().dir() / "cluster.yaml").string(); }
    static std::string show(const std::vector<std::string>& args) {
        ProcessResult r = cluster().run("qconf", args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        return r.out;
    }
    static void rewrite_config_and_hang_up(const std::string& yaml) {
        std::ofstream(config_path(), std::ios::trunc) << yaml;
        ASSERT_EQ(::kill(cluster().scheduler_pid(), SIGHUP), 0);
    }
    static std::string scheduler_log() {
        return slurp((cluster().dir() / "logs" / "scheduler.log").string());
    }
};

TEST_F(Qconf, ShowsTheConfigInForceAsGridEngine) {
    EXPECT_EQ(show({"-sql"}), "all.q\n");
    EXPECT_EQ(show({"-spl"}), "mpi\nsmp\n");
    EXPECT_THAT(show({"-sp", "mpi"}), HasSubstr("pe_name            mpi\nslots              4\n"));
    EXPECT_THAT(show({"-sp", "smp"}), HasSubstr("allocation_rule    $pe_slots\n"));
    EXPECT_EQ(show({"-sel"}), "pi01\npi02\npi03\npi04\n");
    EXPECT_EQ(show({"-sm"}), "root\n");
    const std::string queue = show({"-sq", "all.q"});
    EXPECT_THAT(queue, HasSubstr("qname                 all.q\nhostlist              pi01 pi02 "
                                 "pi03 pi04\n"));
    EXPECT_THAT(queue, HasSubstr("\npe_list               mpi smp\n"));
    EXPECT_THAT(queue,
                HasSubstr("\nslots                 1,[pi01=1],[pi02=1],[pi03=1],[pi04=1]\n"));
    EXPECT_THAT(show({"-se", "pi01"}), HasSubstr("\ncomplex_values        role=web\n"));
    EXPECT_THAT(show({"-sc"}), HasSubstr("\nrole            role      RESTRING    ==      YES"));

    ProcessResult pe = cluster().run("qconf", {"-sp", "nope"});
    EXPECT_EQ(pe.exit_code, 1);
    EXPECT_EQ(pe.out, "");
    EXPECT_EQ(pe.err, "\"nope\" is not a parallel environment\n");
    ProcessResult host = cluster().run("qconf", {"-se", "pi09"});
    EXPECT_EQ(host.exit_code, 1);
    EXPECT_EQ(host.err, "\"pi09\" is not an execution host\n");
    ProcessResult change = cluster().run("qconf", {"-mq", "all.q"});
    EXPECT_EQ(change.exit_code, 1);
    EXPECT_THAT(change.err, HasSubstr("SIGHUP"));
}

// Each line's key with the blanks that pad it to the value column; continuations left out.
std::vector<std::string> key_columns(const std::string& text) {
    std::vector<std::string> keys;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.front() == ' ') continue;
        keys.push_back(line.substr(0, line.find_first_not_of(' ', line.find(' '))));
    }
    return keys;
}

// qconf -sq, -se and -sc against Grid Engine's (tests/reference/sge/qconf-sq-all.q.txt,
// qconf-se.txt, qconf-sc.txt): the same keys in the same order and columns, whatever the cluster
// holds. (The byte-for-byte comparisons are tests/unit/qstat/qconf_reference_test.cpp's.)
TEST_F(Qconf, QueueHostAndComplexesInGridEnginesLayout) {
    const auto queue = grid_engine_reference("qconf-sq-all.q.txt");
    EXPECT_EQ(key_columns(show({"-sq", "all.q"})), key_columns(queue.out));
    const auto no_queue = grid_engine_reference("qconf-sq-unknown.txt");
    ProcessResult unknown = cluster().run("qconf", {"-sq", "nosuch.q"});
    EXPECT_EQ(unknown.exit_code, no_queue.exit_code);
    EXPECT_EQ(unknown.out, no_queue.out);
    EXPECT_EQ(unknown.err, no_queue.err);
    const auto host = grid_engine_reference("qconf-se.txt");
    EXPECT_EQ(key_columns(show({"-se", "pi01"})), key_columns(host.out));
    const auto complexes = grid_engine_reference("qconf-sc.txt");
    const std::string table = show({"-sc"});
    const auto last_line = [](const std::string& text) {
        return text.substr(text.rfind('\n', text.size() - 2) + 1);
    };
    EXPECT_EQ(last_line(table), last_line(complexes.out));
    EXPECT_EQ(table.substr(0, 5), complexes.out.substr(0, 5));  // "#name"
    const auto title_count = [](const std::string& text) {
        std::vector<std::size_t> at;
        const std::string titles = text.substr(0, text.find('\n'));
        for (std::size_t i = 1; i < titles.size(); ++i)
            if (titles[i] != ' ' && titles[i - 1] == ' ') at.push_back(i);
        return at.size();
    };
    EXPECT_EQ(title_count(table), title_count(complexes.out));
}

// -sh, -ss, -sel, -sm: one name a line, sorted, as Grid Engine (qconf-sh.txt ...); -so: bramble
// has no operators (its managers hold their rights), so Grid Engine's answer for none
// (qconf-so.txt: "no operator defined" on stderr, exit 1).
TEST_F(Qconf, HostAndUserListsAsGridEngine) {
    const std::regex one_name_a_line("([A-Za-z0-9._-]+\n)+");
    for (const auto& [option, file] :
         std::vector<std::pair<std::string, std::string>>{{"-sh", "qconf-sh.txt"},
                                                          {"-ss", "qconf-ss.txt"},
                                                          {"-sel", "qconf-sel.txt"},
                                                          {"-sm", "qconf-sm.txt"}}) {
        const auto reference = grid_engine_reference(file);
        ASSERT_TRUE(std::regex_match(reference.out, one_name_a_line)) << file;
        ProcessResult r = cluster().run("qconf", {option});
        EXPECT_EQ(r.exit_code, reference.exit_code) << option << ": " << r.describe();
        EXPECT_EQ(r.err, reference.err) << option;
        EXPECT_TRUE(std::regex_match(r.out, one_name_a_line)) << option << ": " << r.out;
        std::vector<std::string> names;
        std::istringstream lines(r.out);
        for (std::string name; std::getline(lines, name);)
            names.push_back(name);
        EXPECT_TRUE(std::is_sorted(names.begin(), names.end())) << option << ": " << r.out;
    }
    EXPECT_EQ(show({"-sh"}), show({"-ss"}));
    EXPECT_NE(show({"-sh"}).find("pi04\n"), std::string::npos);

    const auto none = grid_engine_reference("qconf-so.txt");
    ProcessResult so = cluster().run("qconf", {"-so"});
    EXPECT_EQ(so.exit_code, none.exit_code) << so.describe();
    EXPECT_EQ(so.out, none.out);
    EXPECT_EQ(so.err, none.err);
}

TEST_F(Qconf, QquotaShowsTheSlotsHeldUnderTheLimit) {
    const std::string header =
        "resource quota rule limit                filter\n" + std::string(80, '-') + "\n";
    EXPECT_EQ(cluster().run("qquota", {}).out,
              header + "user_limits/1       slots=0/1            users " + me() + "\n");
    auto running = gated("running");
    ASSERT_TRUE(cluster().wait_state(running, "r")) << cluster().logs();
    ProcessResult r = cluster().run("qquota", {});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, header + "user_limits/1       slots=1/1            users " + me() + "\n");
}

TEST_F(Qconf, SighupAppliesAChangedConfigToTheNextPass) {
    auto first = gated("first");
    ASSERT_TRUE(cluster().wait_state(first, "r")) << cluster().logs();
    auto second = gated("second");
    ASSERT_NE(second, 0u);
    ProcessResult refused =
        cluster().run("qsub", {"-cwd", "-pe", "wide", "2", "-b", "y", "/bin/true"});
    EXPECT_NE(refused.exit_code, 0) << refused.describe();
    EXPECT_THAT(refused.err, HasSubstr("unknown parallel environment 'wide'"));
    EXPECT_EQ(cluster().qstat_state(second), "qw") << "one slot per user";

    rewrite_config_and_hang_up(R"(parallel_environments:
  smp: {allocation_rule: $pe_slots}
  wide: {allocation_rule: $round_robin}
nodes:
  pi01: {labels: {role: web}}
user_limits:
  "*": {max_slots: 4}
)");
    EXPECT_TRUE(cluster().wait_until([] { return show({"-spl"}) == "smp\nwide\n"; }))
        << cluster().logs();
    EXPECT_TRUE(cluster().wait_state(second, "r")) << "the raised limit lets it start\n"
                                                   << cluster().logs();
    auto wide = gated("wide", {"-pe", "wide", "2"});
    ASSERT_NE(wide, 0u);
    EXPECT_TRUE(cluster().wait_state(wide, "r")) << cluster().logs();
    EXPECT_THAT(scheduler_log(), HasSubstr("config reloaded"));

    rewrite_config_and_hang_up(kConfig);  // as the suite's other tests expect it
    EXPECT_TRUE(cluster().wait_until([] { return show({"-spl"}) == "mpi\nsmp\n"; }));
}

TEST_F(Qconf, ABrokenConfigIsRefusedAndTheOneInForceStays) {
    const std::string in_force = show({"-spl"});
    rewrite_config_and_hang_up("parallel_environments:\n  smp: {allocation_rule: $sometimes}\n");
    EXPECT_TRUE(cluster().wait_until([] {
        return scheduler_log().find("was not reloaded") != std::string::npos;
    })) << cluster().logs();
    EXPECT_THAT(scheduler_log(), HasSubstr("cluster.yaml:2"));
    EXPECT_EQ(show({"-spl"}), in_force);
    auto still = gated("still", {"-pe", "smp", "1"});
    EXPECT_TRUE(cluster().wait_state(still, "r")) << cluster().logs();
    std::ofstream(config_path(), std::ios::trunc) << kConfig;
}

}  // namespace
}  // namespace bramble::test
