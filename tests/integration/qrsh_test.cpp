// qrsh -inherit on loopback: a parallel job's script starts commands on the nodes of its allocation
// through $SGE_ROOT/bin/$ARC/qrsh (where Open MPI finds it), gets their output and exit status,
// and is refused hosts outside its allocation; a process outside the job is refused even with the
// job's JOB_ID; killing qrsh or deleting the job kills the remote command; the remote command's
// CPU time lands in the job's usage. Nodes pi01..pi03 of one core share this machine's host name,
// so PE_HOSTFILE names each node by its node name.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "support/cluster_suite.hpp"
#include "support/test_users.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

const char* const kConfig = R"(parallel_environments:
  mpi: {allocation_rule: $fill_up}
)";

constexpr const char* kQrsh = "\"$SGE_ROOT/bin/$ARC/qrsh\"";

class Qrsh : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(3, 1), kConfig); }

  protected:
    // Submits `script` as a job of `slots` (-pe mpi, one node per slot here) with stdout and
    // stderr in `name`.out, in the user's work folder.
    std::uint64_t submit_pe(const std::string& name, const std::string& script,
                            const std::string& user = "", int slots = 2) {
        return cluster().submit({"-N", name, "-j", "y", "-o", output(name, user), "-pe", "mpi",
                                 std::to_string(slots), "-b", "y", "/bin/sh", "-c", script},
                                "", user);
    }
    static std::string output(const std::string& name, const std::string& user = "") {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        return cluster().work_dir(user) + "/" + test->name() + "." + name + ".out";
    }
    // The second host of the job's PE_HOSTFILE, as a shell expression.
    static std::string other_host() { return "$(sed -n 2p \"$PE_HOSTFILE\" | cut -d' ' -f1)"; }
};

TEST_F(Qrsh, RunsACommandOnEachHostOfTheJobAndReturnsItsStatus) {
    const std::string script = std::string("for h in $(cut -d' ' -f1 \"$PE_HOSTFILE\"); do ") +
                               kQrsh +
                               " -inherit -nostdin -V $h 'echo ran on $BRAMBLE_NODE; echo to "
                               "stderr >&2'; done; " +
                               kQrsh + " -inherit " + other_host() + " exit 3; echo status=$?";
    const auto id = submit_pe("each", script);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id)) << cluster().logs();
    const std::string out = slurp(output("each"));
    EXPECT_THAT(out, ContainsRegex("ran on pi0[1-3]\nto stderr\nran on pi0[1-3]\nto stderr\n"))
        << out;
    EXPECT_THAT(out, HasSubstr("status=3\n")) << out;
    // Both nodes of the allocation, each once.
    const auto first = out.find("ran on "), second = out.find("ran on ", first + 1);
    ASSERT_NE(second, std::string::npos) << out;
    EXPECT_NE(out.substr(first, 11), out.substr(second, 11)) << out;
}

TEST_F(Qrsh, RefusesAHostOutsideTheAllocation) {
    // pi01..pi03 of one core each: a two-node job leaves one node out; the job tries all three.
    const std::string script = std::string("for h in pi01 pi02 pi03; do ") + kQrsh +
                               " -inherit $h true || echo refused $h; done";
    const auto id = submit_pe("outside", script);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id));
    const std::string out = slurp(output("outside"));
    EXPECT_THAT(out, ContainsRegex("qrsh: host pi0[1-3] is not part of job " + std::to_string(id) +
                                   "'s allocation \\(its hosts: pi0[1-3], pi0[1-3]\\)\nrefused "
                                   "pi0[1-3]\n"))
        << out;
    EXPECT_EQ(out.find("refused", out.find("refused") + 1), std::string::npos)
        << "only one host is outside: " << out;
}

TEST_F(Qrsh, RefusesAProcessOutsideTheJob) {
    const std::string gate = work_file("gate");
    const auto id = submit_pe("victim", wait_for_file_command(gate));
    gates_.push_back(gate);
    gated_jobs_.push_back(id);
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    // Every node's execd listens; this process belongs to no job, whatever JOB_ID says.
    for (const std::string node : {"pi01", "pi02", "pi03"}) {
        const std::string socket = (cluster().dir() / "nodes" / node / "spool" / "execd.sock");
        Command qrsh;
        qrsh.argv = {bin_path("qrsh"), "-inherit", node, "touch", work_file("breach")};
        qrsh.env = {"JOB_ID=" + std::to_string(id), "BRAMBLE_EXECD_SOCKET=" + socket};
        ProcessResult r = run_command(qrsh);
        EXPECT_EQ(r.exit_code, 1) << r.describe();
        EXPECT_THAT(r.err,
                    ContainsRegex("qrsh: (process [0-9]+ is not one of job " + std::to_string(id) +
                                  "'s processes on " + node + "|job " + std::to_string(id) +
                                  " has no share of node " + node + ")"))
            << r.describe();
    }
    EXPECT_FALSE(std::filesystem::exists(work_file("breach")));
}

TEST_F(Qrsh, KillingQrshOrDeletingTheJobKillsTheRemoteCommand) {
    const std::string pid_file = work_file("remote.pid");
    const std::string qrsh_pid = work_file("qrsh.pid");
    const std::string script = std::string(kQrsh) + " -inherit " + other_host() + " 'echo $$ > " +
                               pid_file + ".1; exec sleep 300' & echo $! > " + qrsh_pid +
                               "; wait; " + kQrsh + " -inherit " + other_host() + " 'echo $$ > " +
                               pid_file + ".2; exec sleep 300'";
    const auto id = submit_pe("killed", script);
    ASSERT_NE(id, 0u);
    gated_jobs_.push_back(id);
    ASSERT_TRUE(cluster().wait_until([&] { return !slurp(pid_file + ".1").empty(); }));
    const pid_t first = std::stoi(slurp(pid_file + ".1"));
    ASSERT_TRUE(process_alive(first));
    ASSERT_EQ(::kill(std::stoi(slurp(qrsh_pid)), SIGTERM), 0);
    EXPECT_TRUE(cluster().wait_until([&] { return !process_alive(first); }, 10s))
        << "the remote command outlived its qrsh";

    ASSERT_TRUE(cluster().wait_until([&] { return !slurp(pid_file + ".2").empty(); }));
    const pid_t second = std::stoi(slurp(pid_file + ".2"));
    ASSERT_TRUE(process_alive(second));
    ProcessResult r = cluster().run("qdel", {std::to_string(id)});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(cluster().wait_gone(id, 30s));
    EXPECT_TRUE(cluster().wait_until([&] { return !process_alive(second); }, 10s))
        << "the remote command outlived qdel";
    for (const pid_t pid : {first, second}) {
        if (process_alive(pid)) ::kill(pid, SIGKILL);
    }
}

TEST_F(Qrsh, TheRemoteCommandsCpuTimeIsTheJobs) {
    // A fixed amount of work on the other node (about two seconds of CPU here: more wall time on a
    // loaded machine, the same CPU time); the script itself only waits.
    const std::string burn = "'i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done'";
    const auto id =
        submit_pe("burn", std::string(kQrsh) + " -inherit " + other_host() + " " + burn);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id));
    const std::string cpu = cluster().qacct_value(id, "cpu");
    ASSERT_FALSE(cpu.empty());
    EXPECT_GE(std::stod(cpu), 1.0) << cpu;
}

TEST_F(Qrsh, RemoteCommandsRunAsTheJobsOwner) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const auto id = submit_pe("owner", std::string(kQrsh) + " -inherit " + other_host() + " id -un",
                              users->alice.name);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(slurp(output("owner", users->alice.name)), users->alice.name + "\n");
}

TEST_F(Qrsh, AnotherJobOfTheSameOwnerIsRefused) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const std::string alice = users->alice.name;
    const std::string gate = cluster().work_dir(alice) + "/gate." + std::to_string(::getpid());
    const auto target = submit_pe("target", wait_for_file_command(gate), alice);
    gates_.push_back(gate);
    gated_jobs_.push_back(target);
    ASSERT_TRUE(cluster().wait_state(target, "r"));
    const std::string node = cluster().qstat_queue(target).substr(std::string("all.q@").size());
    // A one-slot job of alice's claims the first job's JOB_ID at that job's master execd.
    const std::string breach = cluster().work_dir(alice) + "/breach";
    const std::string socket = (cluster().dir() / "nodes" / node / "spool" / "execd.sock");
    const auto intruder = submit_pe(
        "intruder",
        "JOB_ID=" + std::to_string(target) + " BRAMBLE_EXECD_SOCKET=" + socket + " " +
            bin_path("qrsh") + " -inherit " + node + " touch " + breach + "; echo status=$?",
        alice, 1);
    ASSERT_NE(intruder, 0u);
    ASSERT_TRUE(cluster().wait_gone(intruder));
    const std::string out = slurp(output("intruder", alice));
    EXPECT_THAT(out,
                ContainsRegex("qrsh: process [0-9]+ is not one of job " + std::to_string(target) +
                              "'s processes on " + node + "\nstatus=1\n"))
        << out;
    EXPECT_FALSE(std::filesystem::exists(breach));
}

}  // namespace
}  // namespace bramble::test
