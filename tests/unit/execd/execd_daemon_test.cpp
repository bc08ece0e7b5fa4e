// The real bramble-execd against a stand-in scheduler on loopback: registration, a job's start,
// its end reported until acknowledged, idempotent StartJob, kills, a re-register after garbage,
// and the jobs it picks up again after a restart.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

#include "auth/cluster_key.hpp"
#include "auth/session_auth.hpp"
#include "support/cluster_key_file.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A scheduler that accepts one execd at a time and speaks whole messages, with time limits.
class FakeScheduler {
  public:
    explicit FakeScheduler(auth::ClusterKey key) : key_(std::move(key)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        (void)::bind(listener_, reinterpret_cast<sockaddr*>(&address), size);
        ::listen(listener_, 4);
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
    }
    ~FakeScheduler() {
        drop();
        ::close(listener_);
    }

    [[nodiscard]] int port() const { return port_; }

    // `challenge`: open the handshake, as a scheduler does; without it, say nothing at all.
    bool accept(std::chrono::milliseconds limit = 10s, bool challenge = true) {
        drop();
        if (!readable(listener_, limit)) return false;
        connection_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        decoder_ = wire::FrameDecoder();
        auth_.emplace(key_, auth::SessionAuth::Side::Accepting);
        if (challenge) {
            for (const std::string& body : auth_->opening())
                send_raw(wire::frame(body));
        }
        return connection_ >= 0;
    }
    // Whether the execd closes the connection within `limit`, reading and dropping what it sends.
    bool closed_by_execd(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        char buffer[4096];
        while (std::chrono::steady_clock::now() < deadline) {
            if (!readable(connection_, 100ms)) continue;
            if (::read(connection_, buffer, sizeof buffer) <= 0) return true;
        }
        return false;
    }
    void drop() {
        if (connection_ >= 0) ::close(connection_);
        connection_ = -1;
    }

    void send(const wire::Message& message) {
        send_raw(wire::frame(auth_->seal(wire::encode(message))));
    }
    void send_raw(const std::string& bytes) {
        ASSERT_EQ(::write(connection_, bytes.data(), bytes.size()),
                  static_cast<ssize_t>(bytes.size()));
    }

    // The next message of type T, skipping heartbeats; nothing at the time limit or on close.
    template <class T>
    std::optional<T> expect(std::chrono::milliseconds limit = 10s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            auto body = decoder_.next();
            if (!body) return std::nullopt;
            if (body->has_value()) {
                auto received = auth_->receive(std::move(**body));
                if (!received) return std::nullopt;
                for (const std::string& reply : received->replies)
                    send_raw(wire::frame(reply));
                if (!received->message) continue;
                auto message = wire::decode(*received->message);
                if (!message) return std::nullopt;
                if (auto* wanted = std::get_if<T>(&*message)) return *wanted;
                if (!std::holds_alternative<wire::Heartbeat>(*message)) return std::nullopt;
                continue;
            }
            if (!readable(connection_, 100ms)) continue;
            char buffer[65536];
            const ssize_t n = ::read(connection_, buffer, sizeof buffer);
            if (n <= 0) return std::nullopt;
            decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        }
        return std::nullopt;
    }

    // Accepts the execd and takes its registration.
    std::optional<wire::RegisterNode> welcome(bool accepted = true) {
        if (!accept()) return std::nullopt;
        auto hello = expect<wire::RegisterNode>();
        if (hello) send(wire::RegisterReply{accepted, accepted ? "" : "no such node pi07", 1});
        return hello;
    }

  private:
    static bool readable(int fd, std::chrono::milliseconds limit) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, static_cast<int>(limit.count())) == 1;
    }

    int listener_ = -1;
    int connection_ = -1;
    int port_ = 0;
    wire::FrameDecoder decoder_;
    auth::ClusterKey key_;
    std::optional<auth::SessionAuth> auth_;
};

class ExecdTest : public ::testing::Test {
  protected:
    void SetUp() override { fs::create_directories(work()); }

    std::unique_ptr<test::Daemon> start_execd() {
        return std::make_unique<test::Daemon>(
            std::vector<std::string>{BRAMBLE_EXECD_PATH, "--scheduler",
                                     "127.0.0.1:" + std::to_string(scheduler_.port()), "--name",
                                     "pi07", "--cores", "1", "--memory", "64M", "--spool", spool(),
                                     "--tmpdir", root_.path().string(), "--cluster-key", key_path_},
            test::environment_with({}), root_.file("execd.log"));
    }

    wire::StartJob job(JobId id, const std::string& script) const {
        const passwd* me = ::getpwuid(::getuid());
        wire::StartJob start;
        start.job.id = id;
        start.job.owner = Owner{me->pw_uid, me->pw_gid, me->pw_name, ""};
        start.job.spec.name = "job" + std::to_string(id);
        start.job.spec.script = script;
        start.job.spec.workdir = work();
        start.queue = "all.q";
        return start;
    }

    std::string spool() const { return root_.file("spool"); }
    std::string work() const { return root_.file("work"); }
    std::string job_dir(JobId id) const { return spool() + "/active_jobs/" + std::to_string(id); }

    test::TempDir root_;
    std::string key_path_ = test::write_cluster_key(root_.path() / "cluster.key");
    FakeScheduler scheduler_{*auth::ClusterKey::load(key_path_)};
};

TEST_F(ExecdTest, RunsAJobAndReportsItsEndUntilAcknowledged) {
    auto execd = start_execd();
    auto hello = scheduler_.welcome();
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->inventory.name, "pi07");
    EXPECT_EQ(hello->inventory.cores, 1);
    EXPECT_EQ(hello->inventory.memory, 64ULL << 20);
    EXPECT_TRUE(hello->running.empty());
    ASSERT_TRUE(scheduler_.expect<wire::Heartbeat>());

    scheduler_.send(job(5, "exit 4\n"));
    auto started = scheduler_.expect<wire::JobStarted>();
    ASSERT_TRUE(started);
    EXPECT_EQ(started->id, 5u);
    auto finished = scheduler_.expect<wire::JobFinished>();
    ASSERT_TRUE(finished);
    EXPECT_EQ(finished->exit.exit_status, 4);

    // Not acknowledged: the end is reported again on the next connection.
    ASSERT_TRUE(scheduler_.welcome());
    finished = scheduler_.expect<wire::JobFinished>();
    ASSERT_TRUE(finished);
    EXPECT_EQ(finished->id, 5u);
    scheduler_.send(wire::FinishedAck{5});
    scheduler_.send(job(5, "exit 4\n"));  // a late duplicate of an acknowledged job
    EXPECT_TRUE(scheduler_.expect<wire::JobStarted>());
    EXPECT_TRUE(scheduler_.expect<wire::JobFinished>());
    scheduler_.send(wire::FinishedAck{5});
    scheduler_.send(wire::KillJob{99, "qdel"});  // something to wait on: the acks were handled
    auto unknown = scheduler_.expect<wire::JobFinished>();
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->exit.failure, "job 99 is not running on pi07");
    // The directory goes right after the messages read with the ack; wait for it, bounded.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (fs::exists(job_dir(5)) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    EXPECT_FALSE(fs::exists(job_dir(5)));
}

TEST_F(ExecdTest, StartIsIdempotentAndKillEndsTheJob) {
    auto execd = start_execd();
    ASSERT_TRUE(scheduler_.welcome());
    const auto start = job(6, "sleep 300\n");
    scheduler_.send(start);
    scheduler_.send(start);
    ASSERT_TRUE(scheduler_.expect<wire::JobStarted>());
    ASSERT_TRUE(scheduler_.expect<wire::JobStarted>());
    scheduler_.send(wire::KillJob{6, "deleted by alice"});
    auto finished = scheduler_.expect<wire::JobFinished>();
    ASSERT_TRUE(finished);
    EXPECT_EQ(finished->exit.exit_status, 137);
    EXPECT_EQ(finished->exit.failed, 100);
    EXPECT_EQ(finished->exit.failure, "deleted by alice");
}

TEST_F(ExecdTest, GarbageClosesTheConnectionAndTheExecdComesBack) {
    auto execd = start_execd();
    ASSERT_TRUE(scheduler_.welcome());
    scheduler_.send_raw(std::string("\x00\x00\x00\x05hello", 9));
    ASSERT_TRUE(scheduler_.welcome());
    scheduler_.send_raw(std::string("\x7f\xff\xff\xff", 4));  // far over the frame limit
    ASSERT_TRUE(scheduler_.welcome());
    EXPECT_TRUE(execd->running());
}

TEST_F(ExecdTest, ASchedulerThatNeverProvesTheKeyIsLeftAndTriedAgain) {
    auto execd = start_execd();
    ASSERT_TRUE(scheduler_.accept(10s, false));
    EXPECT_TRUE(scheduler_.closed_by_execd(auth::kHandshakeTime + 5s));
    EXPECT_NE(test::read_file(root_.file("execd.log"))
                  .find("did not prove the cluster key within 10 s; reconnecting"),
              std::string::npos)
        << test::read_file(root_.file("execd.log"));
    ASSERT_TRUE(scheduler_.welcome()) << "the execd connects again";
    EXPECT_TRUE(execd->running());
}

TEST_F(ExecdTest, RefusedRegistrationStopsTheExecd) {
    auto execd = start_execd();
    ASSERT_TRUE(scheduler_.welcome(false));
    EXPECT_TRUE(scheduler_.expect<wire::Heartbeat>(300ms) == std::nullopt);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (execd->running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_FALSE(execd->running());
}

TEST_F(ExecdTest, RestartedExecdAdoptsRunningJobs) {
    auto execd = start_execd();
    ASSERT_TRUE(scheduler_.welcome());
    scheduler_.send(job(7, "touch " + work() + "/started\nsleep 300\n"));
    ASSERT_TRUE(scheduler_.expect<wire::JobStarted>());
    execd->stop();
    scheduler_.drop();

    execd = start_execd();
    auto hello = scheduler_.welcome();
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->running, std::vector<JobId>{7});
    scheduler_.send(wire::KillJob{7, "deleted"});
    auto finished = scheduler_.expect<wire::JobFinished>();
    ASSERT_TRUE(finished);
    EXPECT_EQ(finished->id, 7u);
    EXPECT_EQ(finished->exit.exit_status, 137);
}

}  // namespace
}  // namespace bramble
