// A hostile user with a raw client: requests no qsub would send, sent as bramble-bob straight to
// the scheduler's socket, are each refused with a message naming the field and what is valid;
// nothing is queued, no file is read on bob's behalf, and bramble-alice is served meanwhile. Also
// the per-user cap, the queue's default walltime as the node enforces it, and what bob may see of
// alice's job.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstring>

#include "support/cluster_suite.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kConfig = R"(queue_limits: {default_walltime: 2s, max_walltime: 1h}
max_queued_per_user: 5
)";

// Child side of raw_call_as: allocates nothing (the parent may have threads), only system calls.
[[noreturn]] void relay_as(const UserIdentity& user, const sockaddr_un& address,
                           const std::string& framed, int out) {
    alarm(20);  // a scheduler that never answers ends the child, and with it the parent's read
    if (::setgroups(0, nullptr) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0)
        _exit(2);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        _exit(3);
    for (std::size_t sent = 0; sent < framed.size();) {
        const ssize_t n = ::write(fd, framed.data() + sent, framed.size() - sent);
        if (n <= 0) _exit(4);
        sent += static_cast<std::size_t>(n);
    }
    unsigned char header[4];
    for (std::size_t got = 0; got < sizeof header;) {
        const ssize_t n = ::read(fd, header + got, sizeof header - got);
        if (n <= 0) _exit(5);
        got += static_cast<std::size_t>(n);
    }
    std::size_t left = (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) |
                       (std::size_t{header[2]} << 8) | header[3];
    char buffer[65536];
    while (left > 0) {
        const ssize_t n = ::read(fd, buffer, std::min(left, sizeof buffer));
        if (n <= 0 || ::write(out, buffer, static_cast<std::size_t>(n)) != n) _exit(6);
        left -= static_cast<std::size_t>(n);
    }
    _exit(0);
}

// One request as `user`, framed by hand on the scheduler's socket as a raw client would, and the
// scheduler's reply.
Result<wire::Message> raw_call_as(const UserIdentity& user, const std::string& socket,
                                  const wire::Message& request) {
    const std::string framed = wire::frame(wire::encode(request));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return make_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid == 0) relay_as(user, address, framed, pipe_fds[1]);
    ::close(pipe_fds[1]);
    std::string body;
    char buffer[65536];
    ssize_t n = 0;
    while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0)
        body.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return make_error("the raw client failed (status " + std::to_string(status) + ")");
    }
    return wire::decode(body);
}

std::string refusal(const Result<wire::Message>& reply) {
    if (!reply) return "no reply: " + reply.message();
    const auto* error = std::get_if<wire::ErrorReply>(&*reply);
    return error == nullptr ? "accepted" : error->message;
}

JobSpec raw_job(const std::string& name) {
    JobSpec spec;
    spec.name = name;
    spec.script = "#!/bin/sh\ntrue\n";
    spec.script_path = "STDIN";
    return spec;
}

class HostileRequests : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(2), kConfig); }

  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        auto users = test_users(&why_);
        if (!users) GTEST_SKIP() << why_;
        alice_ = users->alice;
        bob_ = users->bob;
    }

    Result<wire::Message> as_bob(const wire::Message& request) const {
        return raw_call_as(bob_, cluster().socket_path(), request);
    }

    // What `qstat -u USER` lists (empty when the user has no job).
    std::string listing_of(const UserIdentity& user) const {
        return cluster().run("qstat", {"-u", user.name}).out;
    }

    // Alice submits and her job runs to its end while bob is at it.
    void alice_is_served() const {
        const auto id = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", alice_.name);
        EXPECT_NE(id, 0u);
        EXPECT_TRUE(id != 0 && cluster().wait_gone(id, 30s)) << cluster().logs();
    }

    std::string why_;
    UserIdentity alice_;
    UserIdentity bob_;
};

TEST_F(HostileRequests, FieldsNoQsubWouldSendAreRefusedAndNothingIsQueued) {
    struct Case {
        const char* title;
        void (*change)(JobSpec&);
        std::string refusal;
    };
    const Case cases[] = {
        {"escape codes and a newline in the name", [](JobSpec& s) { s.name = "a\x1b[31m\nx"; },
         "job name \"a\\x1b[31m\\x0ax\" contains a control character (byte 0x1b at position 2): "
         "names are printable characters without blanks or / : @ \\ * ?"},
        {"INT_MIN priority", [](JobSpec& s) { s.priority = INT_MIN; },
         "priority -2147483648 is out of range: priorities are -1023..1024"},
        {"slots 2^31-1", [](JobSpec& s) { s.slots = INT_MAX; },
         "slots 2147483647 is out of range: slots are 1..4096"},
        {"slots_max 2^31-1", [](JobSpec& s) { s.slots_max = INT_MAX; },
         "slots_max 2147483647 is out of range: the most slots is 0 (exactly slots) or from "
         "slots (1) to 4096"},
        {"walltime -1", [](JobSpec& s) { s.walltime = -1; },
         "walltime -1 is out of range: seconds from 1 to 316224000 (ten years), or 0 for the "
         "queue's default"},
        {"5000 environment variables",
         [](JobSpec& s) {
             for (int i = 0; i < 5000; ++i)
                 s.env.emplace_back("V" + std::to_string(i), "x");
         },
         "the job environment has 5000 variables; the most is 4096"},
        {"a 5 MiB script", [](JobSpec& s) { s.script.assign(5 * 1024 * 1024, '#'); },
         "the script is 5242880 bytes; a job script may be at most 4 MiB (4194304 bytes): copy "
         "large data next to it"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.title);
        JobSpec spec = raw_job("raw");
        c.change(spec);
        EXPECT_EQ(refusal(as_bob(wire::SubmitRequest{spec, ""})), c.refusal);
    }
    EXPECT_EQ(listing_of(bob_), "") << "nothing of bob's was queued";
    alice_is_served();
}

TEST_F(HostileRequests, QsubRefusesAnOversizedScriptBeforeSendingIt) {
    const std::string script = cluster().work_dir(alice_.name) + "/big.sh";
    {
        std::ofstream out(script);
        out << "#!/bin/sh\n" << std::string(5 * 1024 * 1024, '#') << "\n";
    }
    ::chown(script.c_str(), alice_.uid, alice_.gid);
    const auto r = cluster().run("qsub", {"-cwd", script}, "", alice_.name);
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(r.err, "qsub: script '" + script +
                         "' is larger than 4 MiB (4194304 bytes), the most bramble accepts for a "
                         "job script or file; put large data beside the job and read it from "
                         "there\n");
    EXPECT_EQ(listing_of(alice_), "");
}

TEST_F(HostileRequests, TheSchedulerReadsNoFileForQalter) {
    const auto id =
        cluster().submit({"-cwd", "-h", "-N", "held", "-b", "y", "/bin/true"}, "", bob_.name);
    ASSERT_NE(id, 0u);
    const auto reply = as_bob(wire::AlterRequest{{std::to_string(id)}, {"-@", "/etc/shadow"}, "/"});
    EXPECT_EQ(refusal(reply),
              "qalter -@: options files are read by qalter, as the user; the scheduler reads no "
              "file on anybody's behalf (send the options the file holds)");
    EXPECT_THAT(refusal(reply), Not(HasSubstr("root:")));
    // Through the real tool the file is opened as bob, who may not read it.
    const auto r =
        cluster().run("qalter", {"-@", "/etc/shadow", std::to_string(id)}, "", bob_.name);
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("cannot read options file '/etc/shadow': Permission denied"));
    EXPECT_THAT(r.out + r.err, Not(HasSubstr("root:")));
    EXPECT_EQ(cluster().run("qdel", {std::to_string(id)}, "", bob_.name).exit_code, 0);
    alice_is_served();
}

TEST_F(HostileRequests, QalterOptionsFilesStillWorkForTheirUser) {
    const auto id =
        cluster().submit({"-cwd", "-h", "-N", "before", "-b", "y", "/bin/true"}, "", alice_.name);
    ASSERT_NE(id, 0u);
    const std::string options = cluster().work_dir(alice_.name) + "/alter.opts";
    { std::ofstream(options) << "-N after   # renamed\n"; }
    ::chown(options.c_str(), alice_.uid, alice_.gid);
    ::chmod(options.c_str(), 0600);
    const auto r = cluster().run("qalter", {"-@", options, std::to_string(id)}, "", alice_.name);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "modified job name of job " + std::to_string(id) + "\n");
    EXPECT_THAT(cluster().run("qstat", {"-j", std::to_string(id)}).out, HasSubstr("after"));
    EXPECT_EQ(cluster().run("qdel", {std::to_string(id)}, "", alice_.name).exit_code, 0);
}

TEST_F(HostileRequests, EachUserMayQueueUpToTheCap) {
    const auto array =
        cluster().run("qsub", {"-cwd", "-h", "-t", "1-5", "-b", "y", "/bin/true"}, "", bob_.name);
    ASSERT_EQ(array.exit_code, 0) << array.describe();
    const auto over = cluster().run("qsub", {"-cwd", "-h", "-b", "y", "/bin/true"}, "", bob_.name);
    EXPECT_EQ(over.exit_code, 1) << over.describe();
    EXPECT_EQ(over.err, "Unable to run job: user " + bob_.name +
                            " already has 5 jobs and tasks queued (max_queued_per_user: 5).\n");
    alice_is_served();
    EXPECT_EQ(cluster().run("qdel", {"-u", bob_.name}, "", bob_.name).exit_code, 0);
    EXPECT_TRUE(cluster().wait_until([&] { return listing_of(bob_).empty(); }, 30s));
}

TEST_F(HostileRequests, TheQueuesDefaultWalltimeIsEnforcedByTheNode) {
    const auto start = std::chrono::steady_clock::now();
    const auto id = cluster().submit({"-cwd", "-b", "y", "/bin/sleep", "30"}, "", alice_.name);
    ASSERT_NE(id, 0u);
    EXPECT_TRUE(cluster().wait_gone(id, 20s)) << "a job without h_rt outlived the 2 s default";
    EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
    EXPECT_EQ(cluster().qacct_value(id, "failed"),
              "37  : qmaster enforced h_rt, h_cpu, or h_vmem limit");
}

TEST_F(HostileRequests, AnotherUsersDetailCarriesNoScript) {
    const std::string marker = "alice-private-marker-7f3a";
    const auto id = cluster().submit({"-cwd", "-h", "-N", "private"},
                                     "#!/bin/sh\necho " + marker + "\n", alice_.name);
    ASSERT_NE(id, 0u);
    const auto shown = cluster().run("qstat", {"-j", std::to_string(id)}, "", bob_.name);
    EXPECT_EQ(shown.exit_code, 0) << shown.describe();
    EXPECT_THAT(shown.out, HasSubstr("private")) << "bob sees what Grid Engine shows";
    EXPECT_THAT(shown.out, Not(HasSubstr(marker)));
    const auto reply = as_bob(wire::JobDetailRequest{{std::to_string(id)}});
    ASSERT_TRUE(reply.ok()) << reply.message();
    const auto& jobs = std::get<wire::JobDetailReply>(*reply).jobs;
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].spec.script, "");
    EXPECT_THAT(wire::encode(*reply), Not(HasSubstr(marker)));
    const auto own =
        raw_call_as(alice_, cluster().socket_path(), wire::JobDetailRequest{{std::to_string(id)}});
    ASSERT_TRUE(own.ok()) << own.message();
    EXPECT_THAT(std::get<wire::JobDetailReply>(*own).jobs.at(0).spec.script, HasSubstr(marker));
    EXPECT_EQ(cluster().run("qdel", {std::to_string(id)}, "", alice_.name).exit_code, 0);
}

}  // namespace
}  // namespace bramble::test
