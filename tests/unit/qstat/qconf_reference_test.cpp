// qconf -sq, -se, -sc and the line breaks of Grid Engine's flat files, byte for byte against
// Grid Engine 8.1.9's own output (tests/reference/sge/qconf-*.txt, captured by
// tests/reference/sge/capture-scripts/fidelity.sh). Where bramble's content differs (its nodes'
// slots, load values, complexes) the layout still must not: keys, their order and their columns.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "flatfile_breaks.hpp"
#include "format_config.hpp"
#include "support/reference.hpp"
#include "text.hpp"

namespace bramble::qstat {
namespace {

// The text before Grid Engine broke its lines: a break after a comma only added " \", one at a
// blank replaced the blank.
std::string unbroken(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, " \\\n") != 0) {
            out += text[i];
            continue;
        }
        if (out.empty() || out.back() != ',') out += ' ';
        i += 3;
        while (i < text.size() && text[i] == ' ')
            ++i;
        --i;
    }
    return out;
}

// Each line's key with the blanks that pad it to the value column ("hostname              ").
std::vector<std::string> key_columns(const std::string& text) {
    std::vector<std::string> keys;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.front() == ' ') continue;  // a continuation
        const auto value = line.find_first_not_of(' ', line.find(' '));
        keys.push_back(line.substr(0, value));
    }
    return keys;
}

wire::NodeStatus reference_host() {
    wire::NodeStatus status;
    status.inventory.name = "vm";
    status.inventory.cores = 2;
    status.inventory.arch = "lx-amd64";
    status.inventory.memory = std::uint64_t{24105} << 20;
    status.up = true;
    return status;
}

TEST(FlatfileBreaks, BreakWhereGridEngineBrokeALongList) {
    const auto reference = test::grid_engine_reference("qconf-se.txt");
    ASSERT_NE(reference.out.find(" \\\n"), std::string::npos) << "the capture has breaks";
    EXPECT_EQ(add_line_breaks(unbroken(reference.out)), reference.out);
}

TEST(FlatfileBreaks, ShortLinesAndBlanksAsGridEngine) {
    EXPECT_EQ(add_line_breaks("pe_name            mpi\n"), "pe_name            mpi\n");
    // Nothing to break at within the line: the break comes at the first blank past it.
    const std::string word(90, 'x');
    EXPECT_EQ(add_line_breaks("key   " + word + " tail\n"), "key   " + word + " \\\n      tail\n");
    // At a blank the blank goes; after a comma the comma stays.
    const std::string list =
        "hostlist              " + join(std::vector<std::string>(12, "node01"), " ");
    EXPECT_EQ(add_line_breaks(list + "\n"),
              "hostlist              node01 node01 node01 node01 node01 node01 node01 node01 \\\n"
              "                      node01 node01 node01 node01\n");
}

TEST(QconfReference, QueueAsGridEngineShowsIt) {
    const auto reference = test::grid_engine_reference("qconf-sq-all.q.txt");
    ASSERT_EQ(reference.exit_code, 0);
    wire::ConfigReply config;
    config.queue = "all.q";
    config.pes = {{"smp", "$pe_slots", 0}, {"mpi", "$fill_up", 0}};
    const std::string text = format_queue(config, {"all.q", {reference_host()}});
    // The one difference is the content of slots: bramble gives each node its cores.
    std::string expected = reference.out;
    const std::string slots = "\nslots                 2\n";
    ASSERT_NE(expected.find(slots), std::string::npos);
    expected.replace(expected.find(slots), slots.size(), "\nslots                 1,[vm=2]\n");
    EXPECT_EQ(text, expected);
}

TEST(QconfReference, ExecHostHasGridEnginesKeysInItsColumns) {
    const auto reference = test::grid_engine_reference("qconf-se.txt");
    ASSERT_EQ(reference.exit_code, 0);
    wire::ConfigReply config;
    config.nodes = {{"vm", {}, {{"h_vmem", 24105}}, {}}};
    const std::string text = format_exec_host(config, reference_host());
    EXPECT_EQ(key_columns(text), key_columns(reference.out));
    // What bramble has no use for is Grid Engine's default, line for line.
    for (const char* line : {"\nload_scaling          NONE\n", "\nprocessors            2\n",
                             "\nuser_lists            NONE\n", "\nreport_variables      NONE\n"}) {
        EXPECT_NE(reference.out.find(line), std::string::npos) << line;
        EXPECT_NE(text.find(line), std::string::npos) << line;
    }
    EXPECT_EQ(text.substr(0, 26), reference.out.substr(0, 26));  // "hostname              vm\n"
}

// The rows of a captured complex table, each split at its blanks.
std::vector<std::vector<std::string>> complex_rows(const std::string& table) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(table);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.front() == '#') continue;
        std::istringstream words(line);
        std::vector<std::string> row;
        for (std::string word; words >> word;)
            row.push_back(word);
        rows.push_back(row);
    }
    return rows;
}

TEST(QconfReference, ComplexTableLaidOutAsGridEngine) {
    const auto reference = test::grid_engine_reference("qconf-sc.txt");
    ASSERT_EQ(reference.exit_code, 0);
    const auto rows = complex_rows(reference.out);
    ASSERT_EQ(rows.size(), 52u);
    EXPECT_EQ(format_complex_table(rows), reference.out);
}

TEST(QconfReference, BramblesComplexesNameTypeAndOperatorAsGridEngine) {
    const auto reference = complex_rows(test::grid_engine_reference("qconf-sc.txt").out);
    const auto ours = complex_rows(format_complexes({}));
    int shared = 0;
    for (const auto& row : ours) {
        for (const auto& theirs : reference) {
            if (theirs[0] != row[0]) continue;
            ++shared;
            // shortcut, type, relop, requestable
            EXPECT_EQ(std::vector(row.begin(), row.begin() + 5),
                      std::vector(theirs.begin(), theirs.begin() + 5));
        }
    }
    EXPECT_GE(shared, 7) << "arch, h_rt, h_vmem, hostname, mem_free, num_proc, slots, ...";
}

}  // namespace
}  // namespace bramble::qstat
