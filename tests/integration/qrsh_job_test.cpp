// qrsh CMD on loopback: an immediate interactive job whose command runs on the node the scheduler
// chose, with qrsh's stdin, its stdout and stderr apart, and its exit status as qrsh's; Grid
// Engine's refusal when no slot is free, a queued wait with -now n; only the owner attaches, once;
// a job nobody attaches to, or whose qrsh is killed, ends; qacct has the command's status; -pty y
// from a pipe, and an attach asking for an impossible terminal (qlogin_test.cpp drives terminals
// from a terminal). The tools attach through pi01's execd, so a job on pi02 also crosses between
// execds.
#include <gmock/gmock.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <future>
#include <sstream>

#include "support/cluster_suite.hpp"
#include "support/test_users.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr const char* kNotScheduled =
    "Your \"qrsh\" request could not be scheduled, try again later.\n";

// Two one-core nodes; a job nobody attaches to waits 3 s.
std::vector<NodeSpec> nodes() {
    auto specs = small_nodes(2, 1);
    for (auto& spec : specs)
        spec.execd_args = {"--qrsh-attach-seconds", "3"};
    return specs;
}

// Sends `message` to the Unix socket `path` from a child running as `uid` (and `gid`), and
// returns what came back until the other side closed (10 s at most).
std::vector<wire::Message> exchange_as(uid_t uid, gid_t gid, const std::string& path,
                                       const wire::Message& message) {
    const std::string request = wire::frame(wire::encode(message));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    int out[2];
    if (::pipe(out) != 0) return {};
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(out[0]);
        if (uid != 0 && (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0))
            ::_exit(1);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
            ::_exit(2);
        if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
            ::_exit(3);
        char buffer[4096];
        pollfd ready{fd, POLLIN, 0};
        while (::poll(&ready, 1, 10000) > 0) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n <= 0 || ::write(out[1], buffer, static_cast<std::size_t>(n)) != n) break;
        }
        ::_exit(0);
    }
    ::close(out[1]);
    wire::FrameDecoder decoder;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(out[0], buffer, sizeof buffer)) > 0)
        decoder.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    ::close(out[0]);
    ::waitpid(child, nullptr, 0);
    std::vector<wire::Message> got;
    while (true) {
        auto body = decoder.next();
        if (!body || !body->has_value()) break;
        if (auto decoded = wire::decode(**body)) got.push_back(*decoded);
    }
    return got;
}

// The error of the RemoteExit among `messages`, or "" when there is none.
std::string refusal_in(const std::vector<wire::Message>& messages) {
    for (const auto& message : messages) {
        if (const auto* exit = std::get_if<wire::RemoteExit>(&message)) return exit->error;
    }
    return "";
}

wire::RemoteCommand attach_to(std::uint64_t id, const std::string& node) {
    wire::RemoteCommand attach;
    attach.job = id;
    attach.node = node;
    attach.attach = true;
    return attach;
}

class QrshJob : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(nodes()); }

  protected:
    // The id of the one job named `name` that qstat lists, or 0.
    static std::uint64_t listed(const std::string& name, const std::string& state) {
        const std::string table = cluster().run("qstat", {"-u", "*"}).out;
        std::istringstream lines(table);
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream words(line);
            std::uint64_t id = 0;
            double priority = 0;
            std::string job_name, user, job_state;
            if (words >> id >> priority >> job_name >> user >> job_state && job_name == name &&
                job_state == state)
                return id;
        }
        return 0;
    }
};

TEST_F(QrshJob, RunsTheCommandOnANodeAsGridEngineDoes) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    const ProcessResult r = cluster().run("qrsh", {"-cwd", "hostname"});
    EXPECT_EQ(r.exit_code, 0) << r.describe() << cluster().logs();
    EXPECT_EQ(r.out, std::string(host) + "\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(QrshJob, KeepsStdoutAndStderrApartAndExitsWithTheCommandsStatus) {
    const ProcessResult r =
        cluster().run("qrsh", {"sh", "-c", "echo $JOB_ID; echo to stderr >&2; echo out; exit 3"});
    EXPECT_EQ(r.exit_code, 3) << r.describe();
    EXPECT_THAT(r.out, MatchesRegex("[0-9]+\nout\n")) << r.describe();
    EXPECT_EQ(r.err, "to stderr\n");
    // qacct has the job, with the command's status.
    const auto id = std::stoull(r.out);
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_TRUE(cluster().wait_until([&] {
        return cluster().qacct_value(id, "exit_status") == "3";
    })) << cluster().run("qacct", {"-j", std::to_string(id)}).describe();
    EXPECT_EQ(cluster().qacct_value(id, "jobname"), "sh");
    EXPECT_EQ(cluster().qacct_value(id, "failed"), "0");
}

TEST_F(QrshJob, ForwardsStdinToTheCommand) {
    const ProcessResult r = cluster().run("qrsh", {"cat"}, "hi\nthere\n");
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "hi\nthere\n");
    // -nostdin: the command reads nothing.
    const ProcessResult none = cluster().run("qrsh", {"-nostdin", "wc", "-c"}, "not read\n");
    EXPECT_EQ(none.out, "0\n") << none.describe();
    // No command: a shell reading qrsh's stdin.
    const ProcessResult shell = cluster().run("qrsh", {}, "echo from the shell; exit 4\n");
    EXPECT_EQ(shell.exit_code, 4) << shell.describe();
    EXPECT_EQ(shell.out, "from the shell\n");
}

TEST_F(QrshJob, PtyYFromAPipeGivesATerminalWhoseInputEndsWithEndOfFile) {
    // The end of qrsh's input is the terminal's ^D: cat sees the end of file and the job goes on.
    const ProcessResult r = cluster().run(
        "qrsh", {"-pty", "y", "sh", "-c", "tty -s && echo on a terminal; cat; echo done; exit 5"},
        "typed\n");
    EXPECT_EQ(r.exit_code, 5) << r.describe();
    EXPECT_THAT(r.out, HasSubstr("on a terminal\r\n")) << r.describe();
    EXPECT_THAT(r.out, HasSubstr("typed\r\n")) << r.describe();
    EXPECT_THAT(r.out, HasSubstr("done\r\n")) << r.describe();
    EXPECT_EQ(r.err, "");
}

TEST_F(QrshJob, NowYOnAFullClusterSaysGridEnginesWordsAndExits1) {
    ASSERT_TRUE(cluster().wait_state(gated("fill1"), "r"));
    ASSERT_TRUE(cluster().wait_state(gated("fill2"), "r"));
    const ProcessResult r = cluster().run("qrsh", {"true"});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, kNotScheduled);
}

TEST_F(QrshJob, NowNWaitsInTheQueue) {
    ASSERT_TRUE(cluster().wait_state(gated("fill1"), "r"));
    ASSERT_TRUE(cluster().wait_state(gated("fill2"), "r"));
    auto waiting = std::async(std::launch::async, [] {
        return cluster().run("qrsh", {"-now", "n", "-N", "patient", "echo", "waited"});
    });
    EXPECT_TRUE(cluster().wait_until([] { return listed("patient", "qw") != 0; }));
    touch(gates_.front());
    const ProcessResult r = waiting.get();
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "waited\n");
}

TEST_F(QrshJob, OnlyItsOwnerAttachesAndOnlyOnce) {
    use_test_users();
    const auto& alice = users_->alice;
    const auto& bob = users_->bob;
    const std::string gate = work_file("owner.gate");
    auto owner = std::async(std::launch::async, [&] {
        return cluster().run(
            "qrsh", {"-N", "owned", "sh", "-c", wait_for_file_command(gate) + "; echo mine"}, "",
            alice.name);
    });
    std::uint64_t id = 0;
    EXPECT_TRUE(cluster().wait_until([&] { return (id = listed("owned", "r")) != 0; }));
    const std::string queue = cluster().qstat_queue(id);
    const std::string node = queue.substr(queue.find('@') + 1);
    const std::string socket = cluster().execd_socket_path(node);
    EXPECT_EQ(refusal_in(exchange_as(bob.uid, bob.gid, socket, attach_to(id, node))),
              "uid " + std::to_string(bob.uid) + " does not own job " + std::to_string(id));
    EXPECT_EQ(refusal_in(exchange_as(alice.uid, alice.gid, socket, attach_to(id, node))),
              "job " + std::to_string(id) + "'s qrsh has attached already");
    // What runs is the job's own command: an attach that brings one is refused.
    auto smuggled = attach_to(id, node);
    smuggled.command = "touch " + work_file("smuggled");
    EXPECT_EQ(refusal_in(exchange_as(alice.uid, alice.gid, socket, smuggled)),
              "an attach to job " + std::to_string(id) +
                  " carries no command, environment or directory: the job's own run");
    // A batch job is no interactive job, whoever asks.
    const auto batch = gated("batch", {}, alice.name);
    ASSERT_TRUE(cluster().wait_state(batch, "r"));
    const std::string batch_queue = cluster().qstat_queue(batch);
    const std::string batch_node = batch_queue.substr(batch_queue.find('@') + 1);
    EXPECT_EQ(refusal_in(exchange_as(alice.uid, alice.gid, cluster().execd_socket_path(batch_node),
                                     attach_to(batch, batch_node))),
              "job " + std::to_string(batch) + " is not an interactive job waiting on node " +
                  batch_node);
    touch(gate);
    const ProcessResult r = owner.get();
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "mine\n");
}

TEST_F(QrshJob, AJobNobodyAttachesToEndsAfterItsTime) {
    JobSpec spec;
    spec.name = "unattended";
    spec.binary = true;
    spec.args = {"/bin/true"};
    spec.interactive = true;
    const auto replies = exchange_as(0, 0, cluster().socket_path(),
                                     wire::SubmitRequest{spec, "00112233445566778899aabbccddeeff"});
    ASSERT_EQ(replies.size(), 1u);
    const auto* submitted = std::get_if<wire::SubmitReply>(&replies.front());
    ASSERT_NE(submitted, nullptr);
    EXPECT_TRUE(cluster().wait_gone(submitted->id, 30s)) << cluster().logs();
    // Killed before it ran: Grid Engine's "137 (Killed)".
    EXPECT_TRUE(cluster().wait_until([&] {
        return cluster().qacct_value(submitted->id, "exit_status").rfind("137", 0) == 0;
    })) << cluster().run("qacct", {"-j", std::to_string(submitted->id)}).describe();
    EXPECT_THAT(cluster().logs(), HasSubstr("its qrsh did not attach within 3 seconds"));
}

TEST_F(QrshJob, AnAttachAskingForAnImpossibleTerminalIsRefused) {
    JobSpec spec;
    spec.name = "terminal";
    spec.binary = true;
    spec.args = {"/bin/true"};
    spec.interactive = true;
    const auto replies = exchange_as(0, 0, cluster().socket_path(),
                                     wire::SubmitRequest{spec, "0123456789abcdef0123456789abcdef"});
    ASSERT_EQ(replies.size(), 1u);
    const auto* submitted = std::get_if<wire::SubmitReply>(&replies.front());
    ASSERT_NE(submitted, nullptr);
    const auto id = submitted->id;
    EXPECT_TRUE(cluster().wait_until([&] { return listed("terminal", "r") == id; }));
    const std::string queue = cluster().qstat_queue(id);
    const std::string node = queue.substr(queue.find('@') + 1);
    auto attach = attach_to(id, node);
    attach.pty = true;
    attach.window = {5, 100000};
    EXPECT_EQ(refusal_in(exchange_as(0, 0, cluster().execd_socket_path(node), attach)),
              "an attach to job " + std::to_string(id) +
                  " asks for a window of 5 rows and 100000 columns: each must be 0 to 4096");
    // qrsh -inherit's commands run without a terminal: asking for one is refused at the door.
    wire::RemoteCommand inherit;
    inherit.job = id;
    inherit.host = node;
    inherit.command = "true";
    inherit.pty = true;
    EXPECT_EQ(refusal_in(exchange_as(0, 0, cluster().execd_socket_path(node), inherit)),
              "a terminal is for attaching to an interactive job (qrsh -pty y, qlogin): qrsh "
              "-inherit runs its command without one");
    EXPECT_TRUE(cluster().wait_gone(id, 30s)) << cluster().logs();
}

TEST_F(QrshJob, KillingQrshEndsTheJob) {
    Daemon qrsh(
        {bin_path("qrsh"), "-N", "killed", "sleep", "100"},
        {"BRAMBLE_SOCKET=" + cluster().socket_path(),
         "BRAMBLE_EXECD_SOCKET=" + cluster().execd_socket_path("pi01"), "PATH=/usr/bin:/bin"},
        work_file("killed.log"));
    std::uint64_t id = 0;
    EXPECT_TRUE(cluster().wait_until([&] { return (id = listed("killed", "r")) != 0; }));
    qrsh.stop();
    EXPECT_TRUE(cluster().wait_gone(id)) << cluster().logs();
    EXPECT_THAT(cluster().logs(), HasSubstr("its qrsh went away"));
}

}  // namespace
}  // namespace bramble::test
