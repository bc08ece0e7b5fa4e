// qstat as a user sees it: nothing when idle, Grid Engine's table with qw then r, -s, -j, -f, -xml.
// Two 1-core nodes; jobs wait for a file the test creates, so the test decides when they end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kHeader =
    "job-ID  prior   name       user         state submit/start at     queue                       "
    "   slots ja-task-ID ";

std::vector<std::string> lines_of(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

// Whether the table has a line for job `id`.
bool lists(const std::string& table, std::uint64_t id) {
    for (const auto& line : lines_of(table)) {
        std::istringstream words(line);
        std::string first;
        if (words >> first && first == std::to_string(id)) return true;
    }
    return false;
}

// Well-formedness, the part of XML a parser would reject: every tag closed, in order, once.
bool well_formed_xml(const std::string& text, std::string& why) {
    std::vector<std::string> open;
    std::size_t pos = 0, roots = 0;
    while ((pos = text.find('<', pos)) != std::string::npos) {
        std::size_t end = text.find('>', pos);
        if (end == std::string::npos) return why = "unterminated tag", false;
        std::string tag = text.substr(pos + 1, end - pos - 1);
        pos = end + 1;
        if (tag.empty()) return why = "empty tag <>", false;
        if (tag[0] == '?' || tag[0] == '!') continue;
        if (tag[0] == '/') {
            if (open.empty() || open.back() != tag.substr(1))
                return why = "mismatched </" + tag, false;
            open.pop_back();
            continue;
        }
        if (open.empty()) ++roots;
        if (tag.back() == '/') continue;
        open.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
    }
    if (!open.empty()) return why = "<" + open.back() + "> is never closed", false;
    if (roots != 1) return why = std::to_string(roots) + " root elements", false;
    return true;
}

using Qstat = ClusterSuite;

TEST_F(Qstat, PrintsNothingAtAllWithoutJobs) {
    ProcessResult r = cluster().run("qstat", {});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
}

TEST_F(Qstat, ShowsTheTableWithAPendingThenRunningJob) {
    auto first = gated("first");
    auto second = gated("second");
    ASSERT_TRUE(cluster().wait_state(first, "r") && cluster().wait_state(second, "r"));
    auto waiting = gated("waiting", {"-N", "waiter"});
    ASSERT_EQ(cluster().qstat_state(waiting), "qw");

    auto table = lines_of(cluster().run("qstat", {}).out);
    ASSERT_GE(table.size(), 5u);
    EXPECT_EQ(table[0], kHeader);
    EXPECT_EQ(table[1], std::string(113, '-'));
    EXPECT_THAT(table.back(), ContainsRegex("^ *" + std::to_string(waiting) + " [0-9.]+ waiter +" +
                                            me() + " +qw +[0-9/]+ [0-9:]+ +1 *$"));

    touch(gates_[0]);
    ASSERT_TRUE(cluster().wait_state(waiting, "r")) << cluster().run("qstat", {}).out;
    EXPECT_THAT(cluster().qstat_queue(waiting), StartsWith("all.q@pi0"));
}

TEST_F(Qstat, DashSSelectsPendingOrRunning) {
    auto a = gated("a"), b = gated("b");
    ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    auto pending = gated("pending");
    ASSERT_EQ(cluster().qstat_state(pending), "qw");

    std::string only_pending = cluster().run("qstat", {"-s", "p"}).out;
    EXPECT_TRUE(lists(only_pending, pending)) << only_pending;
    EXPECT_FALSE(lists(only_pending, a) || lists(only_pending, b)) << only_pending;
    std::string only_running = cluster().run("qstat", {"-s", "r"}).out;
    EXPECT_TRUE(lists(only_running, a) && lists(only_running, b)) << only_running;
    EXPECT_FALSE(lists(only_running, pending)) << only_running;
    // Grid Engine's -s a is psr: every job.
    std::string all = cluster().run("qstat", {"-s", "a"}).out;
    EXPECT_TRUE(lists(all, a) && lists(all, b) && lists(all, pending)) << all;
}

TEST_F(Qstat, DashJShowsThePendingJobAndWhyItWaits) {
    auto a = gated("a"), b = gated("b");
    ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    auto pending = gated("pending", {"-N", "patient"});
    ProcessResult r = cluster().run("qstat", {"-j", std::to_string(pending)});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.out, StartsWith(std::string(62, '=') + "\n"));
    EXPECT_THAT(r.out, ContainsRegex("job_number: +" + std::to_string(pending) + "\n"));
    EXPECT_THAT(r.out, ContainsRegex("job_name: +patient\n"));
    EXPECT_THAT(r.out, ContainsRegex("owner: +" + me() + "\n"));
    EXPECT_THAT(r.out, ContainsRegex("scheduling info: +[^ \n]+"));
}

TEST_F(Qstat, DashJOfAnUnknownJobSaysItDoesNotExist) {
    ProcessResult r = cluster().run("qstat", {"-j", "987654"});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("Following jobs do not exist"));
    EXPECT_THAT(r.err, HasSubstr("987654"));
}

TEST_F(Qstat, DashFShowsEachNodeWithUsedAndTotalSlots) {
    auto a = gated("a", {"-q", "all.q@pi01"});
    ASSERT_TRUE(cluster().wait_state(a, "r"));
    std::string full = cluster().run("qstat", {"-f"}).out;
    EXPECT_THAT(full, ContainsRegex("\nall\\.q@pi01 +BIP +0/1/1 "));
    EXPECT_THAT(full, ContainsRegex("\nall\\.q@pi02 +BIP +0/0/1 "));
    // sge-reference qstat-f.txt: no resource lines; qstat -F has them (qhost-F.txt's hl:/hc:).
    EXPECT_THAT(full, Not(HasSubstr(":mem_"))) << full;
    std::string resources = cluster().run("qstat", {"-F"}).out;
    EXPECT_THAT(resources, ContainsRegex("\nall\\.q@pi01 [^\n]*\n\thl:mem_total=")) << resources;
}

// Grid Engine's prior column is normalised into 0..1; an urgent job (-p 1024) of a user with no
// usage scored 1.5 to 2.1 before (P = 1, F = 0.5..1, plus waiting, with the default weights).
TEST_F(Qstat, PriorityColumnStaysWithinOne) {
    auto a = gated("a"), b = gated("b");
    ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    auto urgent = gated("urgent", {"-p", "1024"});
    double prior = 0;
    auto shown = [&] {
        for (const auto& line : lines_of(cluster().run("qstat", {}).out)) {
            std::istringstream words(line);
            std::string id;
            if (words >> id >> prior && id == std::to_string(urgent)) return prior > 0;
        }
        return false;
    };
    ASSERT_TRUE(cluster().wait_until(shown, std::chrono::seconds(20)));
    EXPECT_GT(prior, 0.45);
    EXPECT_LE(prior, 1.0);
}

TEST_F(Qstat, XmlIsWellFormed) {
    auto a = gated("a"), b = gated("b");
    ASSERT_TRUE(cluster().wait_state(a, "r") && cluster().wait_state(b, "r"));
    auto pending = gated("pending");
    ProcessResult r = cluster().run("qstat", {"-xml"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    std::string why;
    EXPECT_TRUE(well_formed_xml(r.out, why)) << why << "\n" << r.out;
    EXPECT_THAT(r.out, StartsWith("<?xml"));
    for (auto id : {a, b, pending}) {
        EXPECT_THAT(r.out, HasSubstr("<JB_job_number>" + std::to_string(id) + "</JB_job_number>"));
    }
    EXPECT_THAT(r.out, HasSubstr("<job_list state=\"pending\">"));
    EXPECT_THAT(r.out, HasSubstr("<job_list state=\"running\">"));
}

TEST_F(Qstat, ListsOnlyTheCallersJobsUnlessDashUStar) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const std::string alice = users->alice.name, bob = users->bob.name;
    auto of_alice = gated("alice", {}, alice);
    auto of_bob = gated("bob", {}, bob);
    ASSERT_NE(of_alice, 0u);
    ASSERT_NE(of_bob, 0u);

    std::string seen_by_alice = cluster().run("qstat", {}, "", alice).out;
    EXPECT_TRUE(lists(seen_by_alice, of_alice)) << seen_by_alice;
    EXPECT_FALSE(lists(seen_by_alice, of_bob)) << seen_by_alice;
    std::string everybody = cluster().run("qstat", {"-u", "*"}, "", alice).out;
    EXPECT_TRUE(lists(everybody, of_alice) && lists(everybody, of_bob)) << everybody;
    EXPECT_EQ(cluster().run("qstat", {}).out, "") << "the caller has no jobs of their own";
    std::string bobs = cluster().run("qstat", {"-u", bob}).out;
    EXPECT_TRUE(lists(bobs, of_bob) && !lists(bobs, of_alice)) << bobs;
}

}  // namespace
}  // namespace bramble::test
