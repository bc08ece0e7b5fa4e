// Debian's Snakemake 7 runs a two-rule workflow unchanged with --drmaa on our libdrmaa: it submits
// each rule's job script through python-drmaa and learns the jobs' ends from drmaa_job_ps alone
// (it never calls drmaa_wait). Skipped, saying so, where snakemake or python3-drmaa is missing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drmaa_from_python.hpp"
#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

constexpr const char* kSnakefile = R"(rule all:
    input: "shout.txt"

rule greet:
    output: "greeting.txt"
    shell: "echo hello from $JOB_ID > {output}"

rule shout:
    input: "greeting.txt"
    output: "shout.txt"
    shell: "tr a-z A-Z < {input} > {output}"
)";

class SnakemakeDrmaa : public ClusterSuite {};

TEST_F(SnakemakeDrmaa, RunsATwoRuleWorkflowUnchanged) {
    if (::access("/usr/bin/snakemake", X_OK) != 0)
        GTEST_SKIP() << "snakemake is not installed (etc/install-deps.sh installs it)";
    if (const std::string why = why_python_cannot_load_libdrmaa(cluster()); !why.empty())
        GTEST_SKIP() << why;
    const std::string dir = cluster().work_dir() + "/snakemake-drmaa";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/Snakefile") << kSnakefile;

    Command snakemake;
    snakemake.argv = {"/usr/bin/snakemake",
                      "--drmaa",
                      " -l h_rt=0:10:0",
                      "--drmaa-log-dir",
                      dir + "/logs",
                      "--jobs",
                      "2",
                      "--latency-wait",
                      "10",
                      "--max-status-checks-per-second",
                      "5"};
    snakemake.env = drmaa_environment(cluster());
    snakemake.cwd = dir;
    snakemake.timeout = std::chrono::seconds(100);
    const ProcessResult r = run_command(snakemake);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, ::testing::HasSubstr("3 of 3 steps (100%) done"));
    EXPECT_THAT(slurp(dir + "/shout.txt"), ::testing::MatchesRegex("HELLO FROM [0-9]+\n"));
}

}  // namespace
}  // namespace bramble::test
