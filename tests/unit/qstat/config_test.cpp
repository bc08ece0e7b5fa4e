// qconf's and qquota's layouts: against Grid Engine 8.1.9's own output where it was captured
// (tests/reference/sge/qconf-*.txt, qquota.txt), and Grid Engine's layout rules elsewhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "format_config.hpp"
#include "format_quota.hpp"
#include "qconf_options.hpp"
#include "support/reference.hpp"
#include "text.hpp"

namespace bramble::qstat {
namespace {

wire::ConfigReply reference_cell() {
    wire::ConfigReply config;
    config.queue = "all.q";
    config.head_host = "vm";
    config.managers = {"root"};
    config.pes = {{"mpi", "$fill_up", 0}, {"smp", "$pe_slots", 0}};
    return config;
}

wire::NodeStatus node(const std::string& name, int cores) {
    wire::NodeStatus status;
    status.inventory.name = name;
    status.inventory.cores = cores;
    status.inventory.arch = "lx-amd64";
    status.inventory.memory = std::uint64_t{2} << 30;
    status.up = true;
    return status;
}

TEST(QconfShow, PeMatchesGridEngineByteForByte) {
    const auto reference = test::grid_engine_reference("qconf-sp-mpi.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_pe(reference_cell().pes.front()), reference.out);
}

TEST(QconfShow, ListsMatchGridEngineByteForByte) {
    const auto pes = test::grid_engine_reference("qconf-spl.txt");
    const auto queues = test::grid_engine_reference("qconf-sql.txt");
    ASSERT_FALSE(pes.out.empty());
    ASSERT_FALSE(queues.out.empty());
    EXPECT_EQ(format_name_list({"smp", "mpi"}), pes.out);  // sorted, as Grid Engine lists them
    EXPECT_EQ(format_name_list({reference_cell().queue}), queues.out);
}

TEST(QconfShow, PeWithACapShowsIt) {
    EXPECT_NE(format_pe({"smp", "$pe_slots", 8}).find("slots              8\n"), std::string::npos);
    EXPECT_NE(format_pe({"four", "4", 0}).find("allocation_rule    4\n"), std::string::npos);
}

TEST(QconfShow, QueueHasGridEngineKeysAndBramblesValues) {
    auto config = reference_cell();
    config.max_walltime = 2 * 3600 + 5 * 60;  // 2 h 5 min
    config.rerun = true;
    wire::NodesReply nodes{"all.q", {node("pi01", 4), node("pi02", 2)}};
    const std::string text = format_queue(config, nodes);
    EXPECT_EQ(text.substr(0, 84),
              "qname                 all.q\n"
              "hostlist              pi01 pi02\n"
              "seq_no                0\n");
    EXPECT_NE(text.find("\npe_list               mpi smp\n"), std::string::npos);
    EXPECT_NE(text.find("\nrerun                 TRUE\n"), std::string::npos);
    EXPECT_NE(text.find("\nslots                 1,[pi01=4],[pi02=2]\n"), std::string::npos);
    EXPECT_NE(text.find("\ns_rt                  INFINITY\nh_rt                  02:05:00\n"),
              std::string::npos);
    EXPECT_EQ(text.substr(text.size() - 31), "h_vmem                INFINITY\n");
}

// Grid Engine continues a long list after " \" on the next line, at the value column.
TEST(QconfShow, LongListsContinueOnTheNextLine) {
    wire::NodesReply nodes{"all.q", {}};
    for (int i = 1; i <= 8; ++i)
        nodes.nodes.push_back(node("ubuntu-client0" + std::to_string(i), 12));
    const std::string text = format_queue(reference_cell(), nodes);
    EXPECT_NE(text.find("\nslots                 1,[ubuntu-client01=12],[ubuntu-client02=12], \\\n"
                        "                      [ubuntu-client03=12],[ubuntu-client04=12], \\\n"),
              std::string::npos);
    for (const auto& line : split(text, '\n'))
        EXPECT_LE(line.size(), 80u) << line;
}

TEST(QconfShow, ExecHostShowsConfiguredValuesAndLoad) {
    auto config = reference_cell();
    config.nodes = {{"pi01", {{"role", "web"}}, {{"gpu", 1}}, {"fan"}}};
    const std::string text = format_exec_host(config, node("pi01", 4));
    EXPECT_EQ(text.substr(0, 27), "hostname              pi01\n");
    EXPECT_NE(text.find("\ncomplex_values        role=web,gpu=1,gpio=fan\n"), std::string::npos);
    EXPECT_NE(text.find("\nload_values           arch=lx-amd64,num_proc=4,mem_total=2.0G,"
                        "load_avg=0.000000\n"),
              std::string::npos);
    EXPECT_NE(text.find("\nprocessors            4\n"), std::string::npos);
    const std::string plain = format_exec_host(reference_cell(), node("pi02", 2));
    EXPECT_NE(plain.find("\ncomplex_values        NONE\n"), std::string::npos);
}

// The layout is Grid Engine's (qconf_reference_test.cpp); here what goes into it.
TEST(QconfShow, ComplexTableListsLabelsAndConsumables) {
    auto config = reference_cell();
    config.nodes = {{"pi01", {{"role", "web"}}, {{"gpu", 1}}, {}}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& line : split(format_complexes(config), '\n'))
        rows.push_back(split(line, ' '));
    ASSERT_GE(rows.size(), 4u);
    EXPECT_EQ(rows[0].front(), "#name");
    const auto has = [&](const std::vector<std::string>& row) {
        return std::find(rows.begin(), rows.end(), row) != rows.end();
    };
    EXPECT_TRUE(has({"slots", "s", "INT", "<=", "YES", "YES", "1", "1000"}));
    EXPECT_TRUE(has({"role", "role", "RESTRING", "==", "YES", "NO", "NONE", "0"}));
    EXPECT_TRUE(has({"gpu", "gpu", "INT", "<=", "YES", "YES", "0", "0"}));
    EXPECT_EQ(rows.back().at(1), ">#<");
}

TEST(QconfOptions, ShowOptionsAndRefusals) {
    auto sp = parse_qconf_args({"-sp", "mpi"});
    ASSERT_TRUE(sp);
    EXPECT_EQ(sp->show, QconfShow::Pe);
    EXPECT_EQ(sp->name, "mpi");
    auto sq = parse_qconf_args({"-sq"});
    ASSERT_TRUE(sq);
    EXPECT_EQ(sq->show, QconfShow::Queue);
    EXPECT_EQ(sq->name, "");
    EXPECT_EQ(parse_qconf_args({"-sp"}).message(), "error: no option argument provided to \"-sp\"");
    EXPECT_EQ(parse_qconf_args({"-sql", "x"}).message(), "error: invalid option argument \"x\"");
    EXPECT_EQ(parse_qconf_args({"-x"}).message(), "error: invalid option argument \"-x\"");
    EXPECT_NE(parse_qconf_args({"-mq", "all.q"}).message().find("SIGHUP"), std::string::npos);
}

TEST(Qquota, NothingAtAllWithoutQuotasAsGridEngine) {
    const auto reference = test::grid_engine_reference("qquota.txt");
    EXPECT_EQ(reference.exit_code, 0);
    EXPECT_EQ(format_quota(quota_lines(reference_cell(), {}, {"geacc"})), reference.out);
}

TEST(Qquota, SlotLimitsWithWhatEachUserHolds) {
    auto config = reference_cell();
    config.user_limits = {{"*", 0, 4}, {"alice", 2, 0}, {"bob", 0, 8}};
    std::vector<wire::JobRow> jobs(4);
    jobs[0].user = "carol";
    jobs[0].state = JobState::Running;
    jobs[0].slots = 3;
    jobs[1].user = "bob";
    jobs[1].state = JobState::Dispatched;
    jobs[1].slots = 2;
    jobs[2].user = "bob";  // waiting: holds nothing
    jobs[2].slots = 5;
    jobs[3].user = "alice";  // her own entry caps running jobs only: no slot quota
    jobs[3].state = JobState::Running;
    const auto used = slots_in_use(jobs);
    // Rules with a slot limit, numbered: 1 = "*" (4 slots), 2 = bob (8); alice's has none, and
    // her own entry replaces everyone's.
    EXPECT_EQ(format_quota(quota_lines(config, used, {"*"})),
              "resource quota rule limit                filter\n" + std::string(80, '-') +
                  "\n"
                  "user_limits/2       slots=2/8            users bob\n"
                  "user_limits/1       slots=3/4            users carol\n");
    EXPECT_EQ(format_quota(quota_lines(config, used, {"dave"})),
              "resource quota rule limit                filter\n" + std::string(80, '-') +
                  "\n"
                  "user_limits/1       slots=0/4            users dave\n");
}

}  // namespace
}  // namespace bramble::qstat
