// qstat's listings against Grid Engine 8.1.9's own output (tests/reference/sge/qstat-*.txt), built
// from the same situation: on host "vm" (2 cores) `runner` (-pe smp 2) runs; `waiter`, the array
// `arr` -t 1-7:3, `held` (-h) and `depends` (-hold_jid runner) wait. The priorities and their parts
// are the ones Grid Engine showed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_ext.hpp"
#include "format_full.hpp"
#include "format_table.hpp"
#include "format_xml.hpp"
#include "job_builder.hpp"
#include "model/task_id.hpp"
#include "support/reference.hpp"

namespace bramble::qstat {
namespace {

using test::JobBuilder;

constexpr std::int64_t kRunnerStart = 1796633521;  // 12/07/2026 08:52:01 UTC
constexpr std::int64_t kSubmitted = kRunnerStart + 3;

JobRow submitted(JobBuilder builder) {
    JobRow row = builder.user("geacc");
    row.submit_time = kSubmitted;
    return row;
}

std::vector<JobRow> reference_jobs() {
    JobRow runner =
        submitted(JobBuilder(58, "runner").slots(2).on("vm", 2).score(0.75, 0.5, 0.5, 1));
    runner.pe = "smp";
    runner.submit_time = kRunnerStart - 1;
    runner.start_time = kRunnerStart;
    std::vector<JobRow> jobs = {runner, submitted(JobBuilder(59, "waiter").score(0.25, 0.5, 0.5))};
    for (int task : {1, 4, 7})
        jobs.push_back(
            submitted(JobBuilder(task_job_id(60, task), "arr").step(3).score(0.25, 0.5, 0.5)));
    jobs.push_back(submitted(JobBuilder(61, "held").state(JobState::Held).score(0, 0, 0)));
    JobRow depends = submitted(JobBuilder(62, "depends").state(JobState::Held).score(0, 0, 0));
    depends.predecessors_requested = {"58"};
    depends.predecessors = {58};
    jobs.push_back(depends);
    return jobs;
}

TEST(ReferenceListing, PriIsGridEngines) {
    auto context = test::utc_context();
    context.priority_columns = true;
    const auto reference = bramble::test::grid_engine_reference("qstat-pri.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_job_table(reference_jobs(), context), reference.out);
}

// The array's waiting tasks are one <job_list> with <tasks>1-7:3</tasks>.
TEST(ReferenceListing, XmlIsGridEngines) {
    const auto reference = bramble::test::grid_engine_reference("qstat-xml.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_job_xml(reference_jobs(), test::utc_context()), reference.out);
}

TEST(ReferenceListing, FullHasNoResourceLines) {
    wire::NodeStatus vm = test::node("vm", 2);
    vm.inventory.arch = "lx-amd64";
    vm.slots_used = 2;
    vm.load.load_avg = 2.01;
    const auto reference = bramble::test::grid_engine_reference("qstat-f.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_full_listing(reference_jobs(), {vm}, test::utc_context()), reference.out);
}

TEST(ReferenceListing, RequestLinesAreGridEngines) {
    auto context = test::utc_context();
    context.request_lines = true;
    const auto reference = bramble::test::grid_engine_reference("qstat-r.txt");
    ASSERT_FALSE(reference.out.empty());
    EXPECT_EQ(format_job_table(reference_jobs(), context), reference.out);
}

// bramble has no live usage: a running job's cpu, mem and io are Grid Engine's "NA" where the
// reference has the figures it measured; everything else is the reference's.
TEST(ReferenceListing, ExtIsGridEnginesButForUsage) {
    const auto reference = bramble::test::grid_engine_reference("qstat-ext.txt");
    ASSERT_FALSE(reference.out.empty());
    std::string expected = reference.out;
    const std::string measured = "0:00:00:00 0.00000 0.00004";
    const auto at = expected.find(measured);
    ASSERT_NE(at, std::string::npos);
    expected.replace(at, measured.size(), "NA         NA      NA     ");
    EXPECT_EQ(format_ext_table(reference_jobs(), test::utc_context()), expected);
}

TEST(ReferenceListing, ExtShowsTheProjectAndRequestLinesUnderEachJob) {
    auto context = test::utc_context();
    context.request_lines = true;
    JobRow job = JobBuilder(5, "proj").on("pi01", 1);
    job.project = "climate";
    job.hard_resources = {"h_rt=3600", "h_vmem=2G"};
    job.hard_queues = {"all.q@pi01"};
    const std::string text = format_ext_table({job}, context);
    EXPECT_NE(text.find(" pi           climate          defaultdep r     NA "), std::string::npos)
        << text;
    EXPECT_NE(text.find("\n       Master Queue:     all.q@pi01\n"
                        "       Hard Resources:   h_rt=3600 (0.000000)\n"
                        "                         h_vmem=2G (0.000000)\n"
                        "       Soft Resources:   \n"
                        "       Hard requested queues: all.q@pi01\n"
                        "       Binding:          NONE\n"),
              std::string::npos)
        << text;
}

TEST(ReferenceListing, RequestLinesShowNoControlCharacters) {
    auto context = test::utc_context();
    context.request_lines = true;
    JobRow job = JobBuilder(5, "x");
    job.hard_resources = {"note=a\nb"};
    const std::string text = format_job_table({job}, context);
    EXPECT_NE(text.find("note=a\\x0ab (0.000000)\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace bramble::qstat
