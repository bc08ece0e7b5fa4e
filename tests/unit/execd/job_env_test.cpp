// The environment a job starts with: Grid Engine's names, the submit side, and the spec's own.
#include "execd/shepherd/job_env.hpp"

#include <gtest/gtest.h>

#include <map>

namespace bramble::shepherd {
namespace {

execd::LaunchSpec serial_job() {
    execd::LaunchSpec launch;
    launch.job.id = 42;
    launch.job.spec.name = "pi";
    launch.job.spec.submit_host = "laptop";
    launch.job.spec.submit_env = {{"HOME", "/home/alice"},
                                  {"PATH", "/usr/bin:/opt/bin"},
                                  {"WORKDIR", "/home/alice/runs"},
                                  {"LOGNAME", "alice"}};
    launch.queue = "all.q";
    launch.node = "pi01";
    launch.hostname = "raspberrypi";
    launch.tmpdir = "/tmp";
    return launch;
}

RunContext context() {
    RunContext run;
    run.user = "alice";
    run.home = "/home/alice";
    run.shell = "/bin/bash";
    run.workdir = "/home/alice/runs";
    run.job_tmpdir = "/tmp/42.1.all.q";
    run.job_dir = "/spool/active_jobs/42";
    run.script_file = "/spool/active_jobs/42/script";
    run.stdout_path = "/home/alice/runs/pi.o42";
    run.stderr_path = "/home/alice/runs/pi.e42";
    return run;
}

std::map<std::string, std::string> as_map(const Environment& env) {
    return {env.begin(), env.end()};
}

TEST(JobEnvironment, SerialJobHasGridEngineVariables) {
    const auto env = as_map(build_job_environment(serial_job(), context()));
    const std::map<std::string, std::string> expected = {
        {"JOB_ID", "42"},
        {"JOB_NAME", "pi"},
        {"REQUEST", "pi"},
        {"REQNAME", "pi"},
        {"JOB_SCRIPT", "/spool/active_jobs/42/script"},
        {"HOSTNAME", "raspberrypi"},
        {"QUEUE", "all.q"},
        {"NSLOTS", "1"},
        {"NHOSTS", "1"},
        {"NQUEUES", "1"},
        {"RESTARTED", "0"},
        {"ENVIRONMENT", "BATCH"},
        {"TMPDIR", "/tmp/42.1.all.q"},
        {"TMP", "/tmp/42.1.all.q"},
        {"SGE_TASK_ID", "undefined"},
        {"SGE_TASK_FIRST", "undefined"},
        {"SGE_TASK_LAST", "undefined"},
        {"SGE_TASK_STEPSIZE", "undefined"},
        {"SGE_O_HOME", "/home/alice"},
        {"SGE_O_PATH", "/usr/bin:/opt/bin"},
        {"SGE_O_WORKDIR", "/home/alice/runs"},
        {"SGE_O_LOGNAME", "alice"},
        {"SGE_O_HOST", "laptop"},
        {"SGE_CELL", "default"},
        {"SGE_ACCOUNT", "sge"},
        {"SGE_JOB_SPOOL_DIR", "/spool/active_jobs/42"},
        {"SGE_STDIN_PATH", "/dev/null"},
        {"SGE_STDOUT_PATH", "/home/alice/runs/pi.o42"},
        {"SGE_STDERR_PATH", "/home/alice/runs/pi.e42"},
        {"SGE_CWD_PATH", "/home/alice/runs"},
        {"HOME", "/home/alice"},
        {"USER", "alice"},
        {"LOGNAME", "alice"},
        {"SHELL", "/bin/bash"},
        {"PATH", "/tmp/42.1.all.q:/usr/local/bin:/bin:/usr/bin"},
        {"BRAMBLE_JOB_ID", "42"},
        {"BRAMBLE_NODE", "pi01"}};
    EXPECT_EQ(env, expected);
}

TEST(JobEnvironment, AccountIsTheOneAskedFor) {
    auto launch = serial_job();
    launch.job.spec.account = "physics";
    EXPECT_EQ(as_map(build_job_environment(launch, context())).at("SGE_ACCOUNT"), "physics");
}

TEST(JobEnvironment, SpecEnvironmentOverridesAndPathKeepsTmpdirFirst) {
    auto launch = serial_job();
    launch.job.spec.env = {{"OMP_NUM_THREADS", "4"},
                           {"PATH", "/opt/tools/bin"},
                           {"HOME", "/elsewhere"},
                           {"BRAMBLE_NODE", "forged"}};
    const auto env = as_map(build_job_environment(launch, context()));
    EXPECT_EQ(env.at("OMP_NUM_THREADS"), "4");
    EXPECT_EQ(env.at("PATH"), "/tmp/42.1.all.q:/opt/tools/bin");
    EXPECT_EQ(env.at("HOME"), "/elsewhere");
    EXPECT_EQ(env.at("BRAMBLE_NODE"), "pi01");  // bramble's own names are not the user's to set
}

TEST(JobEnvironment, ParallelJobCountsItsAllocation) {
    auto launch = serial_job();
    launch.job.spec.pe = "mpi";
    launch.job.spec.slots = 6;
    launch.job.allocation.grants = {{.node = "pi01", .cores = {0, 1, 2, 3}, .memory = 0},
                                    {.node = "pi02", .cores = {0, 1}, .memory = 0}};
    auto run = context();
    run.pe_hostfile = "/spool/active_jobs/42/pe_hostfile";
    const auto env = as_map(build_job_environment(launch, run));
    EXPECT_EQ(env.at("NSLOTS"), "6");
    EXPECT_EQ(env.at("NHOSTS"), "2");
    EXPECT_EQ(env.at("PE"), "mpi");
    EXPECT_EQ(env.at("PE_HOSTFILE"), "/spool/active_jobs/42/pe_hostfile");
}

TEST(JobEnvironment, SerialJobHasNoParallelVariables) {
    const auto env = as_map(build_job_environment(serial_job(), context()));
    EXPECT_FALSE(env.contains("PE"));
    EXPECT_FALSE(env.contains("PE_HOSTFILE"));
}

TEST(JobEnvironment, BindingNamesTheCoresAndTheCpus) {
    auto launch = serial_job();
    launch.job.spec.env = {{"BRAMBLE_CPUS", "forged"}};
    launch.binding = execd::Binding{{0, 1}, {0, 4, 1, 5}, ""};
    auto env = as_map(build_job_environment(launch, context()));
    EXPECT_EQ(env.at("BRAMBLE_CORES"), "0,1");
    EXPECT_EQ(env.at("BRAMBLE_CPUS"), "0,4,1,5");

    // Unbound: the cores are still the job's, and no CPU is claimed.
    launch.binding = execd::Binding{{1}, {}, "cores 1 on pi01: why; the job runs unbound"};
    env = as_map(build_job_environment(launch, context()));
    EXPECT_EQ(env.at("BRAMBLE_CORES"), "1");
    EXPECT_EQ(env.at("BRAMBLE_CPUS"), "");
}

TEST(JobEnvironment, NoGrantNoBindingVariables) {
    const auto env = as_map(build_job_environment(serial_job(), context()));
    EXPECT_FALSE(env.contains("BRAMBLE_CORES"));
    EXPECT_FALSE(env.contains("BRAMBLE_CPUS"));
}

// 200,000 -v entries took 21 s when each variable was looked for among those before it; the
// result must be the same as for a small environment: each name once, in first-seen order, the
// last value winning.
TEST(JobEnvironment, AHugeEnvironmentKeepsEveryNameOnceInOrder) {
    auto launch = serial_job();
    constexpr int kVariables = 200000;
    for (int i = 0; i < kVariables; ++i)
        launch.job.spec.env.emplace_back("V" + std::to_string(i), std::to_string(i));
    launch.job.spec.env.emplace_back("V7", "again");
    const auto small = build_job_environment(serial_job(), context());
    const auto env = build_job_environment(launch, context());
    // The job's own names, the 200,000, then BRAMBLE_JOB_ID and BRAMBLE_NODE (which come last).
    ASSERT_EQ(env.size(), small.size() + kVariables);
    const std::size_t first = small.size() - 2;
    EXPECT_EQ(env[first], (std::pair<std::string, std::string>{"V0", "0"}));
    EXPECT_EQ(env[first + 7], (std::pair<std::string, std::string>{"V7", "again"}));
    EXPECT_EQ(env[first + kVariables - 1],
              (std::pair<std::string, std::string>{"V199999", "199999"}));
    EXPECT_EQ(env.back().first, "BRAMBLE_NODE");
}

TEST(JobEnvironment, EnvpIsNameEqualsValue) {
    EXPECT_EQ(to_envp({{"A", "1"}, {"B", "x=y"}}), (std::vector<std::string>{"A=1", "B=x=y"}));
}

}  // namespace
}  // namespace bramble::shepherd
