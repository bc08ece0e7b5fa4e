// qstat -xml and qstat -f -xml: Grid Engine's element names and nesting, escaped text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format_xml.hpp"
#include "job_builder.hpp"

namespace bramble::qstat {
namespace {

using test::JobBuilder;

const std::string kStart =
    "<?xml version='1.0'?>\n"
    "<job_info  "
    "xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/schemas/"
    "qstat/qstat.xsd\">\n";

TEST(JobXml, RunningUnderQueueInfoPendingUnderJobInfo) {
    const std::vector<JobRow> jobs = {JobBuilder(124, "a<b&c>"),
                                      JobBuilder(123, "run").on("pi01", 1)};
    const std::string expected =
        kStart +
        "  <queue_info>\n"
        "    <job_list state=\"running\">\n"
        "      <JB_job_number>123</JB_job_number>\n"
        "      <JAT_prio>0.55500</JAT_prio>\n"
        "      <JB_name>run</JB_name>\n"
        "      <JB_owner>pi</JB_owner>\n"
        "      <state>r</state>\n"
        "      <JAT_start_time>2025-11-23T09:40:00</JAT_start_time>\n"
        "      <queue_name>all.q@pi01</queue_name>\n"
        "      <slots>1</slots>\n"
        "    </job_list>\n"
        "  </queue_info>\n"
        "  <job_info>\n"
        "    <job_list state=\"pending\">\n"
        "      <JB_job_number>124</JB_job_number>\n"
        "      <JAT_prio>0.55500</JAT_prio>\n"
        "      <JB_name>a&lt;b&amp;c&gt;</JB_name>\n"
        "      <JB_owner>pi</JB_owner>\n"
        "      <state>qw</state>\n"
        "      <JB_submission_time>2025-11-23T09:37:01</JB_submission_time>\n"
        "      <queue_name></queue_name>\n"
        "      <slots>1</slots>\n"
        "    </job_list>\n"
        "  </job_info>\n"
        "</job_info>\n";
    EXPECT_EQ(format_job_xml(jobs, test::utc_context()), expected);
}

// qstat -xml -ext -r: -ext's elements replace the time (qstat_xml.c: JAT_ntix after the priority,
// project and department after the owner, the tickets after the state), and -r's come last.
TEST(JobXml, ExtAndRAddGridEnginesElements) {
    JobRow job = JobBuilder(125, "mpi").on("pi01", 4);
    job.pe = "mpi";
    job.slots = 4;
    job.project = "demo";
    job.hard_resources = {"h_rt=0:10:00", "h_vmem=1G"};
    job.hard_queues = {"all.q@pi01"};
    job.predecessors_requested = {"prep"};
    auto context = test::utc_context();
    context.extended_columns = true;
    context.request_lines = true;
    const std::string expected =
        kStart +
        "  <queue_info>\n"
        "    <job_list state=\"running\">\n"
        "      <JB_job_number>125</JB_job_number>\n"
        "      <JAT_prio>0.55500</JAT_prio>\n"
        "      <JAT_ntix>0.00000</JAT_ntix>\n"
        "      <JB_name>mpi</JB_name>\n"
        "      <JB_owner>pi</JB_owner>\n"
        "      <JB_project>demo</JB_project>\n"
        "      <JB_department>defaultdepartment</JB_department>\n"
        "      <state>r</state>\n"
        "      <tickets>0</tickets>\n"
        "      <JB_override_tickets>0</JB_override_tickets>\n"
        "      <JB_jobshare>0</JB_jobshare>\n"
        "      <otickets>0</otickets>\n"
        "      <ftickets>0</ftickets>\n"
        "      <stickets>0</stickets>\n"
        "      <JAT_share>0.00000</JAT_share>\n"
        "      <queue_name>all.q@pi01</queue_name>\n"
        "      <slots>4</slots>\n"
        "      <full_job_name>mpi</full_job_name>\n"
        "      <requested_pe name=\"mpi\">4</requested_pe>\n"
        "      <granted_pe name=\"mpi\">4</granted_pe>\n"
        "      <hard_request name=\"h_rt\" "
        "resource_contribution=\"0.000000\">0:10:00</hard_request>\n"
        "      <hard_request name=\"h_vmem\" resource_contribution=\"0.000000\">1G</hard_request>\n"
        "      <hard_req_queue>all.q@pi01</hard_req_queue>\n"
        "      <predecessor_jobs_req>prep</predecessor_jobs_req>\n"
        "      <binding>NONE</binding>\n"
        "    </job_list>\n"
        "  </queue_info>\n"
        "  <job_info>\n"
        "  </job_info>\n"
        "</job_info>\n";
    EXPECT_EQ(format_job_xml({job}, context), expected);
}

TEST(JobXml, NoJobsIsStillAWholeDocument) {
    EXPECT_EQ(
        format_job_xml({}, test::utc_context()),
        kStart + "  <queue_info>\n  </queue_info>\n  <job_info>\n  </job_info>\n</job_info>\n");
}

TEST(FullXml, QueueListPerNodeWithItsJobs) {
    std::vector<wire::NodeStatus> nodes = {test::node("pi01", 4), test::node("pi02", 2, false)};
    nodes[0].slots_used = 1;
    const std::string expected = kStart +
                                 "  <queue_info>\n"
                                 "    <Queue-List>\n"
                                 "      <name>all.q@pi01</name>\n"
                                 "      <qtype>BIP</qtype>\n"
                                 "      <slots_used>1</slots_used>\n"
                                 "      <slots_resv>0</slots_resv>\n"
                                 "      <slots_total>4</slots_total>\n"
                                 "      <load_avg>0.01000</load_avg>\n"
                                 "      <arch>lx-arm64</arch>\n"
                                 "      <resource name=\"mem_total\" type=\"hl\">4.0G</resource>\n"
                                 "      <resource name=\"mem_used\" type=\"hl\">512.0M</resource>\n"
                                 "      <resource name=\"mem_free\" type=\"hc\">4.0G</resource>\n"
                                 "      <job_list state=\"running\">\n"
                                 "        <JB_job_number>5</JB_job_number>\n"
                                 "        <JAT_prio>0.55500</JAT_prio>\n"
                                 "        <JB_name>r</JB_name>\n"
                                 "        <JB_owner>pi</JB_owner>\n"
                                 "        <state>r</state>\n"
                                 "        <JAT_start_time>2025-11-23T09:40:00</JAT_start_time>\n"
                                 "        <slots>1</slots>\n"
                                 "      </job_list>\n"
                                 "    </Queue-List>\n"
                                 "    <Queue-List>\n"
                                 "      <name>all.q@pi02</name>\n"
                                 "      <qtype>BIP</qtype>\n"
                                 "      <slots_used>0</slots_used>\n"
                                 "      <slots_resv>0</slots_resv>\n"
                                 "      <slots_total>2</slots_total>\n"
                                 "      <arch>lx-arm64</arch>\n"
                                 "      <state>au</state>\n"
                                 "      <resource name=\"mem_total\" type=\"hl\">4.0G</resource>\n"
                                 "      <resource name=\"mem_free\" type=\"hc\">4.0G</resource>\n"
                                 "    </Queue-List>\n"
                                 "  </queue_info>\n"
                                 "  <job_info>\n"
                                 "  </job_info>\n"
                                 "</job_info>\n";
    EXPECT_EQ(format_full_xml({JobBuilder(5, "r").on("pi01", 1)}, nodes, test::utc_context()),
              expected);
}

}  // namespace
}  // namespace bramble::qstat

namespace bramble::qstat {
namespace {

TEST(DetailXml, KnownJobsAndUnknownIds) {
    wire::JobDetailReply reply;
    reply.jobs = {test::JobBuilder(42, "pi").on("pi01", 2)};
    const std::string text = format_detail_xml(reply, test::utc_context());
    EXPECT_TRUE(text.starts_with("<?xml version='1.0'?>\n<detailed_job_info  xmlns:xsd="));
    EXPECT_NE(text.find("    <element>\n      <JB_job_number>42</JB_job_number>\n"),
              std::string::npos);
    EXPECT_NE(text.find("      <queue_name>all.q@pi01</queue_name>\n      <slots>2</slots>\n"),
              std::string::npos);
    EXPECT_TRUE(text.ends_with("  </djob_info>\n</detailed_job_info>\n"));

    wire::JobDetailReply unknown;
    unknown.missing = {"7"};
    const std::string missing = format_detail_xml(unknown, test::utc_context());
    EXPECT_TRUE(missing.ends_with(
        "  <element>\n    <ST_name>7</ST_name>\n  </element>\n</unknown_jobs>\n"));
}

}  // namespace
}  // namespace bramble::qstat
