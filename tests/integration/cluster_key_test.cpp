// Daemons prove the cluster key to each other: an execd with another key never joins, and bytes
// from anyone without the key reach neither the scheduler's execd port nor an execd's qrsh port,
// even when they name a job the node runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "support/cluster_key_file.hpp"
#include "support/cluster_suite.hpp"
#include "support/process.hpp"
#include "support/raw_socket.hpp"
#include "support/text.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::test {
namespace {

namespace fs = std::filesystem;

class ClusterKeys : public ClusterSuite {
  protected:
    static std::string log_of(const std::string& daemon) {
        return read_file(cluster().dir() / "logs" / (daemon + ".log"));
    }
    // Whether `daemon`'s log comes to hold `text` (the reason is logged after the close).
    static bool logged(const std::string& daemon, const std::string& text) {
        return cluster().wait_until([&] { return log_of(daemon).find(text) != std::string::npos; });
    }
    // qhost's table, which must come back whatever was refused before it.
    static std::string hosts() {
        ProcessResult r = cluster().run("qhost", {});
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        return r.out;
    }
    // The port an execd takes qrsh -inherit requests from other execds on, from its log.
    static int qrsh_port(const std::string& node) {
        std::smatch found;
        const std::string log = log_of(node);
        if (!std::regex_search(log, found,
                               std::regex("taking qrsh -inherit requests on .* and "
                                          "port ([0-9]+)"))) {
            return 0;
        }
        return std::stoi(found[1]);
    }
};

TEST_F(ClusterKeys, AnExecdWithAnotherKeyNeverJoinsAndBothDaemonsSayWhy) {
    const fs::path root = cluster().dir() / "intruder";
    fs::create_directories(root / "spool");
    const std::string other_key = write_cluster_key(root / "other.key");
    const std::string log = (root / "execd.log").string();
    Daemon intruder({bin_path("bramble-execd"), "--scheduler",
                     "127.0.0.1:" + std::to_string(cluster().port()), "--name", "intruder",
                     "--cores", "1", "--memory", "64M", "--spool", (root / "spool").string(),
                     "--tmpdir", root.string(), "--cluster-key", other_key, "--no-cgroups"},
                    environment_with({}), log);
    EXPECT_TRUE(cluster().wait_until([&] {
        return read_file(log).find(
                   "before the two daemons had proved the cluster key to each "
                   "other (do they use the same key?)") != std::string::npos;
    })) << read_file(log);
    EXPECT_TRUE(logged("scheduler",
                       "not a daemon of this cluster: the peer does not hold this cluster's key"))
        << log_of("scheduler");
    EXPECT_EQ(hosts().find("intruder"), std::string::npos) << hosts();
    intruder.stop();
}

TEST_F(ClusterKeys, AnUnsignedRegistrationIsCutOffBeforeItIsRead) {
    wire::RegisterNode hello;
    hello.inventory.name = "forged";
    hello.inventory.cores = 64;
    hello.inventory.memory = std::uint64_t{64} << 30;
    RawConnection connection = RawConnection::tcp_loopback(cluster().port());
    ASSERT_TRUE(connection.connected());
    connection.send(wire::frame(wire::encode(hello)));
    EXPECT_TRUE(connection.closed_by_peer(10s)) << "the scheduler kept the connection open";
    EXPECT_TRUE(
        logged("scheduler", "not a daemon of this cluster: expected a proof of the cluster key"))
        << log_of("scheduler");
    EXPECT_EQ(hosts().find("forged"), std::string::npos) << hosts();
}

TEST_F(ClusterKeys, APeerThatNeverProvesTheKeyIsCutOffAfterTenSeconds) {
    RawConnection silent = RawConnection::tcp_loopback(cluster().port());
    ASSERT_TRUE(silent.connected());
    EXPECT_TRUE(silent.closed_by_peer(20s)) << "the scheduler kept a silent connection open";
    EXPECT_TRUE(logged("scheduler",
                       "not a daemon of this cluster: no proof of the cluster key within 10 s"))
        << log_of("scheduler");
    EXPECT_NE(hosts().find("pi01"), std::string::npos) << "the scheduler serves on\n" << hosts();
}

TEST_F(ClusterKeys, AnUnsignedCommandForARunningJobRunsOnNoNode) {
    const std::uint64_t id = gated("spread", {"-pe", "mpi_rr", "2"});
    ASSERT_TRUE(cluster().wait_state(id, "r")) << cluster().logs();
    const std::string planted = work_file("planted");
    for (const char* node : {"pi01", "pi02"}) {
        SCOPED_TRACE(node);
        const int port = qrsh_port(node);
        ASSERT_GT(port, 0) << log_of(node);
        wire::RemoteCommand command;
        command.job = id;
        command.node = node;
        command.uid = ::geteuid();
        command.command = "touch " + planted;
        RawConnection connection = RawConnection::tcp_loopback(port);
        ASSERT_TRUE(connection.connected());
        connection.send(wire::frame(wire::encode(command)));
        EXPECT_TRUE(connection.closed_by_peer(10s)) << "the execd kept the connection open";
        EXPECT_TRUE(
            logged(node, "qrsh -inherit from another execd refused: not a daemon of this cluster"))
            << log_of(node);
    }
    EXPECT_FALSE(fs::exists(planted));
}

}  // namespace
}  // namespace bramble::test
