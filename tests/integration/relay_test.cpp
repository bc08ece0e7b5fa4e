// Submit from any node: the tools on a compute node, and inside a job, know only their node's
// execd, which relays for the users it knows; the scheduler answers them as it answers a user on
// the head node, if the node is a submit host and the head knows the user by the same uid. A peer
// with the cluster key can claim a node's name, but not a caller the scheduler would not take.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <optional>
#include <sstream>

#include "auth/cluster_key.hpp"
#include "auth/session_auth.hpp"
#include "support/cluster_suite.hpp"
#include "support/text.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

// A daemon of the cluster as a hostile node would write one: it holds the cluster key, registers
// under a name of its choosing and relays whatever callers it likes.
class KeyedNode {
  public:
    KeyedNode(const std::string& key_file, int port, const std::string& name)
        : auth_(*auth::ClusterKey::load(key_file), auth::SessionAuth::Side::Connecting) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return;
        wire::RegisterNode hello;
        hello.inventory.name = name;
        hello.inventory.hostname = name;
        hello.inventory.cores = 1;
        hello.inventory.memory = std::uint64_t{64} << 20;
        hello.inventory.arch = "lx-amd64";
        registered_ = handshake() && send(hello) && expect<wire::RegisterReply>().has_value();
    }
    ~KeyedNode() { ::close(fd_); }
    KeyedNode(const KeyedNode&) = delete;
    KeyedNode& operator=(const KeyedNode&) = delete;

    [[nodiscard]] bool registered() const { return registered_; }

    // The scheduler's answer to `request`, relayed for the caller given, decoded.
    std::optional<wire::Message> relay(const wire::Message& request, std::uint32_t uid,
                                       std::uint32_t gid, const std::string& user) {
        const std::uint64_t id = next_id_++;
        if (!send(wire::RelayedRequest{id, uid, gid, user, wire::encode(request)})) return {};
        auto reply = expect<wire::RelayedReply>();
        if (!reply || reply->id != id) return {};
        auto message = wire::decode(reply->reply);
        if (!message) return {};
        return *message;
    }

  private:
    bool handshake() {
        while (!auth_.ready()) {
            auto body = next_body();
            if (!body) return false;
            auto received = auth_.receive(std::move(*body));
            if (!received) return false;
            for (const std::string& reply : received->replies)
                if (!write(wire::frame(reply))) return false;
        }
        return true;
    }
    bool send(const wire::Message& message) {
        return write(wire::frame(auth_.seal(wire::encode(message))));
    }
    bool write(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(bytes.size());
    }
    // The next message of type T, past the scheduler's other words (StartJob, acks).
    template <class T>
    std::optional<T> expect() {
        for (int skipped = 0; skipped < 100; ++skipped) {
            auto body = next_body();
            if (!body) return {};
            auto received = auth_.receive(std::move(*body));
            if (!received || !received->message) return {};
            auto message = wire::decode(*received->message);
            if (!message) return {};
            if (auto* wanted = std::get_if<T>(&*message)) return *wanted;
        }
        return {};
    }
    std::optional<std::string> next_body() {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto body = decoder_.next();
            if (!body) return {};
            if (body->has_value()) return std::move(**body);
            pollfd ready{fd_, POLLIN, 0};
            if (::poll(&ready, 1, 100) != 1) continue;
            char buffer[65536];
            const ssize_t n = ::read(fd_, buffer, sizeof buffer);
            if (n <= 0) return {};
            decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        }
        return {};
    }

    int fd_ = -1;
    auth::SessionAuth auth_;
    wire::FrameDecoder decoder_;
    bool registered_ = false;
    std::uint64_t next_id_ = 1;
};

std::string error_of(const std::optional<wire::Message>& reply) {
    if (!reply) return "(no answer)";
    const auto* error = std::get_if<wire::ErrorReply>(&*reply);
    return error ? error->message : "(not an error: " + std::string(wire::type_name(*reply)) + ")";
}

int count_lines_with(const std::string& text, const std::string& part) {
    int count = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        count += line.find(part) != std::string::npos ? 1 : 0;
    return count;
}

std::uint64_t job_id_in(const std::string& qsub_out) {
    unsigned long long id = 0;
    return std::sscanf(qsub_out.c_str(), "Your job %llu (", &id) == 1 ? id : 0;
}

// Every node may submit (no submit_hosts: in the config).
class SubmitFromAnyNode : public ClusterSuite {
  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        use_test_users();
    }
    static std::string log_of(const std::string& daemon) {
        return read_file(cluster().dir() / "logs" / (daemon + ".log"));
    }
};

TEST_F(SubmitFromAnyNode, AliceSubmitsWatchesAndDeletesHerJobOnANode) {
    const std::string alice = users_->alice.name;
    const std::string gate = work_file("gate");
    ProcessResult submitted = cluster().run_on(
        "pi02", "qsub",
        {"-cwd", "-N", "relayed", "-b", "y", "/bin/sh", "-c", wait_for_file_command(gate)}, "",
        alice);
    ASSERT_EQ(submitted.exit_code, 0) << submitted.describe() << cluster().logs();
    const std::uint64_t id = job_id_in(submitted.out);
    ASSERT_NE(id, 0u) << submitted.out;
    EXPECT_EQ(submitted.out,
              "Your job " + std::to_string(id) + " (\"relayed\") has been submitted\n");
    EXPECT_THAT(log_of("pi02"), HasSubstr("tool socket: relaying submit for " + alice));

    ProcessResult listed = cluster().run_on("pi02", "qstat", {}, "", alice);
    EXPECT_EQ(listed.exit_code, 0) << listed.describe();
    EXPECT_THAT(listed.out, HasSubstr(" relayed "));
    EXPECT_THAT(listed.out, HasSubstr(" " + alice.substr(0, 12) + " "));  // qstat's column

    ProcessResult deleted = cluster().run_on("pi01", "qdel", {std::to_string(id)}, "", alice);
    EXPECT_EQ(deleted.exit_code, 0) << deleted.describe();
    EXPECT_THAT(deleted.out, HasSubstr(alice + " has"));
    EXPECT_TRUE(cluster().wait_gone(id));
    touch(gate);
}

TEST_F(SubmitFromAnyNode, BobCannotDeleteAlicesJobFromANode) {
    const std::uint64_t of_alice = gated("alices", {}, users_->alice.name);
    ASSERT_NE(of_alice, 0u);
    ProcessResult by_bob =
        cluster().run_on("pi02", "qdel", {std::to_string(of_alice)}, "", users_->bob.name);
    EXPECT_EQ(by_bob.exit_code, 1) << by_bob.describe();
    EXPECT_EQ(by_bob.out, "denied: \"" + users_->bob.name + "\" is not the owner of job " +
                              std::to_string(of_alice) + "\n");
    EXPECT_NE(cluster().qstat_state(of_alice), "") << "bob deleted alice's job";
}

TEST_F(SubmitFromAnyNode, ANodeRelaysNeitherStrangersNorRoot) {
    Command stranger;
    stranger.argv = {bin_path("qstat")};
    stranger.env = {"PATH=/usr/bin:/bin",
                    "BRAMBLE_RELAY_SOCKET=" + cluster().tool_socket_path("pi02")};
    stranger.cwd = "/";
    stranger.user = UserIdentity{"", 54321, 54321, "/"};
    ProcessResult unknown = run_command(stranger);
    EXPECT_EQ(unknown.exit_code, 1) << unknown.describe();
    EXPECT_THAT(unknown.err, HasSubstr("uid 54321 has no entry in node pi02's user database; a "
                                       "node relays only for users it knows"));

    ProcessResult root = cluster().run_on("pi01", "qstat", {});
    EXPECT_EQ(root.exit_code, 1) << root.describe();
    EXPECT_THAT(root.err, HasSubstr("node pi01 does not relay root's requests"));
}

TEST_F(SubmitFromAnyNode, AJobSubmitsItsFollowUpThroughItsNode) {
    const std::string alice = users_->alice.name;
    // The job's environment is its own (no BRAMBLE_SOCKET): only its node's execd can take it.
    const std::uint64_t first =
        cluster().submit({"-cwd", "-N", "first", "-b", "y", bin_path("qsub"), "-cwd", "-N",
                          "followup", "-b", "y", "/usr/bin/id", "-un"},
                         "", alice);
    ASSERT_NE(first, 0u);
    ASSERT_TRUE(cluster().wait_gone(first));
    const std::string said = slurp(cluster().work_dir(alice) + "/first.o" + std::to_string(first));
    const std::uint64_t followup = job_id_in(said);
    ASSERT_NE(followup, 0u) << said
                            << slurp(cluster().work_dir(alice) + "/first.e" + std::to_string(first))
                            << cluster().logs();
    ASSERT_TRUE(cluster().wait_gone(followup));
    EXPECT_EQ(slurp(cluster().work_dir(alice) + "/followup.o" + std::to_string(followup)),
              alice + "\n");
}

TEST_F(SubmitFromAnyNode, AForgedCallerIsRefusedEvenFromAKeyHolder) {
    KeyedNode node(cluster().cluster_key(), cluster().port(), "pi09");
    ASSERT_TRUE(node.registered()) << cluster().logs();
    const auto& alice = users_->alice;
    EXPECT_EQ(error_of(node.relay(wire::ListJobsRequest{}, 0, 0, "root")),
              "node pi09 may not relay root's requests (relay_root is off in the scheduler's "
              "config); run the command as root on the head node");
    EXPECT_EQ(error_of(node.relay(wire::ListJobsRequest{}, alice.uid, alice.gid, users_->bob.name)),
              "node pi09 vouches for uid " + std::to_string(alice.uid) + " as '" +
                  users_->bob.name + "', but the head node's user database names uid " +
                  std::to_string(alice.uid) + " '" + alice.name +
                  "'; uids and user names must match across the cluster");
    EXPECT_THAT(error_of(node.relay(wire::ListJobsRequest{}, 54321, 54321, "ghost")),
                HasSubstr("uid 54321 ('ghost' on node pi09) has no entry in the head node's "
                          "user database"));
    const wire::Message nested = wire::RelayedRequest{7, 0, 0, "root", "{}"};
    EXPECT_EQ(error_of(node.relay(nested, alice.uid, alice.gid, alice.name)),
              "the scheduler does not accept relayed_request from a client");
}

TEST_F(SubmitFromAnyNode, ARelayedSubmissionRetriedOnANewLinkQueuesOnce) {
    const auto& alice = users_->alice;
    wire::SubmitRequest submission;
    submission.spec.name = "retried";
    submission.spec.binary = true;
    submission.spec.args = {"/bin/true"};
    submission.spec.workdir = "/";
    submission.spec.hold = true;  // pi09 runs nothing
    submission.token = "relay-retry-token-0001";
    std::uint64_t first = 0;
    {
        KeyedNode node(cluster().cluster_key(), cluster().port(), "pi09");
        ASSERT_TRUE(node.registered());
        auto reply = node.relay(submission, alice.uid, alice.gid, alice.name);
        ASSERT_TRUE(reply && std::holds_alternative<wire::SubmitReply>(*reply)) << error_of(reply);
        first = std::get<wire::SubmitReply>(*reply).id;
    }  // the link drops after the commit
    KeyedNode again(cluster().cluster_key(), cluster().port(), "pi09");
    ASSERT_TRUE(again.registered());
    auto reply = again.relay(submission, alice.uid, alice.gid, alice.name);
    ASSERT_TRUE(reply && std::holds_alternative<wire::SubmitReply>(*reply)) << error_of(reply);
    EXPECT_EQ(std::get<wire::SubmitReply>(*reply).id, first);
    const std::string table = cluster().run("qstat", {"-u", "*"}).out;
    EXPECT_EQ(count_lines_with(table, " retried "), 1) << table;
    EXPECT_EQ(cluster().run("qdel", {std::to_string(first)}).exit_code, 0);
}

// qsub through a node whose link drops while the scheduler holds its submission: the tool asks
// again with the same token once the node is back, and the job is queued once.
TEST_F(SubmitFromAnyNode, QsubRetriesThroughItsNodeAfterTheLinkDroppedAndQueuesOnce) {
    const std::string alice = users_->alice.name;
    const std::string relaying = "tool socket: relaying submit for " + alice;
    const int relayed_before = count_lines_with(log_of("pi02"), relaying);
    ASSERT_EQ(::kill(cluster().scheduler_pid(), SIGSTOP), 0);
    auto qsub = std::async(std::launch::async, [&] {
        return cluster().run_on("pi02", "qsub", {"-cwd", "-N", "once", "-b", "y", "/bin/true"}, "",
                                alice);
    });
    const bool relayed = cluster().wait_until(
        [&] { return count_lines_with(log_of("pi02"), relaying) > relayed_before; });
    cluster().kill_execd("pi02");
    ::kill(cluster().scheduler_pid(), SIGCONT);
    ASSERT_TRUE(relayed) << log_of("pi02");
    ASSERT_TRUE(cluster().start_execd("pi02")) << cluster().logs();
    const ProcessResult submitted = qsub.get();
    EXPECT_EQ(submitted.exit_code, 0) << submitted.describe() << cluster().logs();
    const std::uint64_t id = job_id_in(submitted.out);
    EXPECT_NE(id, 0u) << submitted.describe();
    EXPECT_THAT(log_of("scheduler"), HasSubstr("job " + std::to_string(id) +
                                               ": submission repeated with the same token"));
    EXPECT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(cluster().qacct_value(id, "jobname"), "once");
    // The first attempt and the retry are one job: no other job of that name ran.
    const std::string history = cluster().run("qacct", {"-j", "once"}).out;
    EXPECT_EQ(count_lines_with(history, "jobnumber"), 1) << history;
}

// Grid Engine's submit hosts: only the nodes the config names may relay.
class SubmitHosts : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(2), "submit_hosts: [pi01]\n"); }

  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        use_test_users();
    }
};

TEST_F(SubmitHosts, OnlyASubmitHostRelays) {
    const std::string alice = users_->alice.name;
    EXPECT_EQ(cluster().run_on("pi01", "qstat", {}, "", alice).exit_code, 0);
    ProcessResult refused = cluster().run_on("pi02", "qstat", {}, "", alice);
    EXPECT_EQ(refused.exit_code, 1) << refused.describe();
    EXPECT_THAT(refused.err, HasSubstr("node pi02 is not a submit host of this cluster "
                                       "(submit_hosts: pi01)"));
}

TEST_F(SubmitHosts, AKeyHolderUnderAnotherNameIsNoSubmitHost) {
    KeyedNode rogue(cluster().cluster_key(), cluster().port(), "rogue");
    ASSERT_TRUE(rogue.registered());
    const auto& alice = users_->alice;
    wire::SubmitRequest submission;
    submission.spec.name = "forged";
    submission.spec.binary = true;
    submission.spec.args = {"/bin/true"};
    submission.spec.workdir = "/";
    EXPECT_THAT(error_of(rogue.relay(submission, alice.uid, alice.gid, alice.name)),
                HasSubstr("node rogue is not a submit host of this cluster"));
    EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out.find("forged"), std::string::npos);
}

}  // namespace
}  // namespace bramble::test
