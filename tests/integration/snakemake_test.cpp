// Debian's Snakemake 7 runs a workflow unchanged through bramble, the way its Grid Engine users
// run it: `--cluster "qsub -terse ..."` submits each rule's job script, and `--cluster-status`
// runs the Snakemake SGE profile's check (qstat -s pr, then qacct -j's exit_status).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "support/cluster_suite.hpp"
#include "support/process.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

class Snakemake : public ClusterSuite {
  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        if (!std::filesystem::exists("/usr/bin/snakemake"))
            GTEST_SKIP() << "needs Debian's snakemake (etc/install-deps.sh installs it)";
        workflow_ = work_file("workflow");
        std::filesystem::create_directories(workflow_);
        const std::string source = std::string(BRAMBLE_SOURCE_DIR) + "/tests/integration/snakemake";
        for (const char* file : {"Snakefile", "sge_status.py"})
            std::filesystem::copy_file(source + "/" + file, workflow_ + "/" + file,
                                       std::filesystem::copy_options::overwrite_existing);
    }

    // snakemake TARGET with bramble's qsub, qstat and qacct first on its PATH.
    ProcessResult snakemake(const std::string& target) const {
        const std::string bin = std::filesystem::path(bin_path("qsub")).parent_path();
        Command command;
        command.argv = {"/usr/bin/snakemake",
                        "--cluster",
                        "qsub -terse -cwd -V -j y",
                        "--cluster-status",
                        "python3 sge_status.py",
                        "--jobs",
                        "2",
                        "--latency-wait",
                        "10",
                        "--max-status-checks-per-second",
                        "5",
                        target};
        command.env = environment_with({"BRAMBLE_SOCKET=" + cluster().socket_path(),
                                        "PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin"});
        command.cwd = workflow_;
        command.timeout = std::chrono::seconds(100);
        return run_command(command);
    }

    std::string workflow_;
};

TEST_F(Snakemake, RunsAWorkflowWhoseJobsAreBrambleJobs) {
    ProcessResult r = snakemake("joined.txt");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("3 of 3 steps (100%) done")) << r.describe();

    std::ifstream joined(workflow_ + "/joined.txt");
    const std::string text{std::istreambuf_iterator<char>(joined), {}};
    std::smatch parts;
    const std::regex layout("part 1 job ([0-9]+)\npart 2 job ([0-9]+)\n");
    ASSERT_TRUE(std::regex_match(text, parts, layout)) << text;
    // Each part ran as a job of its own, which qacct remembers as ended well.
    EXPECT_NE(parts[1], parts[2]);
    for (const auto& id : {parts[1].str(), parts[2].str()})
        EXPECT_EQ(cluster().qacct_value(std::stoull(id), "exit_status"), "0") << "job " << id;
}

TEST_F(Snakemake, AFailingJobFailsTheWorkflow) {
    ProcessResult r = snakemake("broken.txt");
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("Error in rule broken")) << r.describe();
    // Snakemake names the external id qsub -terse printed; qacct has the job's exit status, the
    // status of the snakemake that ran the rule inside the job (1 when its rule fails).
    std::smatch id;
    ASSERT_TRUE(std::regex_search(r.err, id, std::regex("external jobid '([0-9]+)")))
        << r.describe();
    EXPECT_EQ(cluster().qacct_value(std::stoull(id[1]), "exit_status"), "1");
}

}  // namespace
}  // namespace bramble::test
