// Where a job's output goes: NAME.oID / NAME.eID in the working directory, -o and -e to a file or
// a directory, -j y, and the owner's home without -cwd. Jobs from YAML, #$ scripts and -b y.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

namespace fs = std::filesystem;

class OutputFiles : public ClusterSuite {
  protected:
    // Submits, waits until qstat no longer lists the job and returns its id.
    std::uint64_t run_job(const std::vector<std::string>& args) {
        auto id = cluster().submit(args);
        EXPECT_NE(id, 0u);
        EXPECT_TRUE(id == 0 || cluster().wait_gone(id)) << "job " << id << " did not finish";
        return id;
    }
    std::string in_work(const std::string& name) { return cluster().work_dir() + "/" + name; }
};

TEST_F(OutputFiles, YamlJobWritesNameDotOAndDotEInTheSubmitDirectory) {
    const std::string job = work_file("job.yaml");
    std::ofstream(job) << "name: yamljob\ncommand: echo to-out; echo to-err >&2\ncwd: true\n";
    auto id = std::to_string(run_job({job}));
    EXPECT_EQ(slurp(in_work("yamljob.o" + id)), "to-out\n");
    EXPECT_EQ(slurp(in_work("yamljob.e" + id)), "to-err\n");
}

TEST_F(OutputFiles, GridEngineScriptHonoursItsDirectives) {
    const std::string script = work_file("ge.sh");
    std::ofstream(script) << "#!/bin/sh\n#$ -N gescript\n#$ -cwd\necho out\necho err >&2\n";
    auto id = std::to_string(run_job({script}));
    EXPECT_EQ(slurp(in_work("gescript.o" + id)), "out\n");
    EXPECT_EQ(slurp(in_work("gescript.e" + id)), "err\n");
}

TEST_F(OutputFiles, BinaryCommandOutputIsNamedAfterTheCommand) {
    auto id = std::to_string(run_job({"-cwd", "-b", "y", "/bin/echo", "hello", "world"}));
    EXPECT_EQ(slurp(in_work("echo.o" + id)), "hello world\n");
    EXPECT_EQ(slurp(in_work("echo.e" + id)), "");
}

TEST_F(OutputFiles, DashOAndDashEToFiles) {
    const std::string out = work_file("out.txt"), err = work_file("err.txt");
    run_job({"-cwd", "-o", out, "-e", err, "-b", "y", "/bin/sh", "-c", "echo O; echo E >&2"});
    EXPECT_EQ(slurp(out), "O\n");
    EXPECT_EQ(slurp(err), "E\n");
}

TEST_F(OutputFiles, DashOAndDashEToADirectoryUseTheDefaultNamesInside) {
    const std::string logs = work_file("logs");
    fs::create_directories(logs);
    auto id = std::to_string(run_job({"-cwd", "-N", "todir", "-o", logs + "/", "-e", logs, "-b",
                                      "y", "/bin/sh", "-c", "echo O; echo E >&2"}));
    EXPECT_EQ(slurp(logs + "/todir.o" + id), "O\n");
    EXPECT_EQ(slurp(logs + "/todir.e" + id), "E\n");
}

TEST_F(OutputFiles, JoinPutsStderrIntoTheOutputFile) {
    auto id = std::to_string(run_job(
        {"-cwd", "-j", "y", "-N", "joined", "-b", "y", "/bin/sh", "-c", "echo O; echo E >&2"}));
    EXPECT_EQ(slurp(in_work("joined.o" + id)), "O\nE\n");
    EXPECT_FALSE(fs::exists(in_work("joined.e" + id)));
}

TEST_F(OutputFiles, WithoutCwdTheJobRunsInTheOwnersHome) {
    const std::string home = lookup_user(me())->home;
    // The name carries our pid: test processes running side by side share this home.
    const std::string name = "home" + std::to_string(::getpid());
    auto id = std::to_string(run_job({"-N", name, "-b", "y", "/bin/pwd"}));
    const std::string out = home + "/" + name + ".o" + id, err = home + "/" + name + ".e" + id;
    EXPECT_EQ(slurp(out), home + "\n");
    fs::remove(out);
    fs::remove(err);
}

TEST_F(OutputFiles, WithCwdTheJobRunsInTheSubmitDirectory) {
    auto id = std::to_string(run_job({"-cwd", "-N", "cwdjob", "-b", "y", "/bin/pwd"}));
    EXPECT_EQ(slurp(in_work("cwdjob.o" + id)), cluster().work_dir() + "\n");
}

}  // namespace
}  // namespace bramble::test
