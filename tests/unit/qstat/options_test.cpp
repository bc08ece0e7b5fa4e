// qstat's and qhost's command lines, including the forms workflow tools send.
#include "options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "job_builder.hpp"
#include "queue_filter.hpp"

namespace bramble::qstat {
namespace {

using Strings = std::vector<std::string>;

TEST(QstatOptions, ToolInvocations) {
    // Snakemake's SGE profile: qstat -s pr. Galaxy: qstat -u "*". Nextflow: qstat -q QUEUE.
    auto profile = parse_qstat_args({"-s", "pr"}, "me");
    ASSERT_TRUE(profile.ok());
    EXPECT_EQ(profile->states, "pr");
    auto galaxy = parse_qstat_args({"-u", "*"}, "me");
    ASSERT_TRUE(galaxy.ok());
    EXPECT_EQ(galaxy->users, Strings{"*"});
    auto nextflow = parse_qstat_args({"-q", "all.q"}, "me");
    ASSERT_TRUE(nextflow.ok());
    EXPECT_EQ(nextflow->queues, Strings{"all.q"});
}

TEST(QstatOptions, UsersAccumulateAndDollarUserIsTheCaller) {
    auto options = parse_qstat_args({"-u", "alice,bob", "-u", "$user"}, "me");
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options->users, (Strings{"alice", "bob", "me"}));
}

TEST(QstatOptions, JobDetailFullAndXml) {
    auto options = parse_qstat_args({"-j", "12,pi", "-xml", "-f"}, "me");
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options->jobs, (Strings{"12", "pi"}));
    EXPECT_TRUE(options->xml);
    EXPECT_TRUE(options->full);
}

TEST(QstatOptions, ExtraColumnsOfGridEngineAreAcceptedWithXml) {
    // qstat -u '*' -r -f -xml and qstat -xml -ext -s r appear in real scripts.
    auto options = parse_qstat_args({"-u", "*", "-r", "-f", "-xml", "-ext", "-s", "r"}, "me");
    ASSERT_TRUE(options.ok());
    EXPECT_TRUE(options->full);
}

TEST(QstatOptions, ExtAndRAreTheirTables) {
    auto both = parse_qstat_args({"-ext", "-r", "-u", "*"}, "me");
    ASSERT_TRUE(both.ok()) << both.message();
    EXPECT_TRUE(both->extended);
    EXPECT_TRUE(both->requests);
}

TEST(QstatOptions, FullTakesExtAndR) {
    auto options = parse_qstat_args({"-f", "-ext", "-r", "-u", "*"}, "me");
    ASSERT_TRUE(options.ok()) << options.message();
    EXPECT_TRUE(options->full);
    EXPECT_TRUE(options->extended);
    EXPECT_TRUE(options->requests);
}

TEST(QstatOptions, GroupCIsTheClusterQueueSummary) {
    auto options = parse_qstat_args({"-g", "c"}, "me");
    ASSERT_TRUE(options.ok());
    EXPECT_TRUE(options->cluster_queues);
    EXPECT_FALSE(parse_qstat_args({"-g", "d"}, "me").ok());
}

TEST(QstatOptions, ErrorsUseGridEngineWording) {
    struct Case {
        Strings args;
        std::string message;
    };
    const Case cases[] = {
        {{"-foo"}, "ERROR! invalid option argument \"-foo\""},
        {{"-s", "x"}, "ERROR! invalid option argument \"-s x\""},
        {{"-j"}, "ERROR! -j option must have argument"},
        {{"-u", "-f"}, "ERROR! -u option must have argument"},
        {{"stray"}, "ERROR! invalid option argument \"stray\""},
    };
    for (const auto& c : cases) {
        auto options = parse_qstat_args(c.args, "me");
        ASSERT_FALSE(options.ok()) << c.message;
        EXPECT_EQ(options.message(), c.message);
    }
}

TEST(QstatOptions, HelpAndUsage) {
    auto options = parse_qstat_args({"-help"}, "me");
    ASSERT_TRUE(options.ok());
    EXPECT_TRUE(options->help);
    EXPECT_TRUE(qstat_usage().starts_with("usage: qstat [options]\n"));
}

TEST(QhostOptions, FlagsAndHosts) {
    auto options = parse_qhost_args({"-q", "-ncb", "-xml", "-h", "pi01,pi02"});
    ASSERT_TRUE(options.ok());
    EXPECT_TRUE(options->hosts.queues);
    EXPECT_FALSE(options->hosts.topology);
    EXPECT_TRUE(options->xml);
    EXPECT_EQ(options->only, (Strings{"pi01", "pi02"}));
    EXPECT_FALSE(parse_qhost_args({"-j"}).ok());
}

TEST(QueueFilter, RunningJobsOfTheQueueAndItsWaitingJobs) {
    using test::JobBuilder;
    const std::vector<JobRow> jobs = {JobBuilder(1, "a").on("pi01", 1),
                                      JobBuilder(2, "b").on("pi02", 1), JobBuilder(3, "c")};
    const auto ids = [](const std::vector<JobRow>& selected) {
        std::vector<JobId> out;
        for (const auto& job : selected)
            out.push_back(job.id);
        return out;
    };
    EXPECT_EQ(ids(jobs_in_queues(jobs, {"all.q"}, "all.q")), (std::vector<JobId>{1, 2, 3}));
    EXPECT_EQ(ids(jobs_in_queues(jobs, {"all.q@pi02"}, "all.q")), (std::vector<JobId>{2, 3}));
    EXPECT_EQ(ids(jobs_in_queues(jobs, {"other.q"}, "all.q")), (std::vector<JobId>{}));
    const auto nodes =
        nodes_in_queues({test::node("pi01", 4), test::node("pi02", 4)}, {"all.q@pi01"}, "all.q");
    ASSERT_EQ(nodes.size(), 1u);
    EXPECT_EQ(nodes[0].inventory.name, "pi01");
}

}  // namespace
}  // namespace bramble::qstat
