// The cluster configuration: defaults, every key, and errors naming file, line and key.
#include "config/cluster_config.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace bramble::config {
namespace {

std::string write(const test::TempDir& dir, const std::string& text) {
    const std::string path = dir.file("cluster.yaml");
    std::ofstream(path) << text;
    return path;
}

TEST(ClusterConfig, MissingDefaultFileGivesDefaults) {
    test::TempDir dir;
    auto config = load_cluster_config(dir.file("absent.yaml"), /*explicitly_named=*/false);
    ASSERT_TRUE(config.ok()) << config.message();
    EXPECT_EQ(config->queue, "all.q");
    EXPECT_EQ(config->listen, "0.0.0.0:7444");
}

// Submit hosts: absent = every node that joined; [] = none; a name that is no list is an error.
TEST(ClusterConfig, SubmitHostsAndRelayRoot) {
    test::TempDir dir;
    auto absent = load_cluster_config(write(dir, "queue: all.q\n"), true);
    ASSERT_TRUE(absent.ok()) << absent.message();
    EXPECT_FALSE(absent->submit_hosts.has_value());
    EXPECT_FALSE(absent->relay_root);
    auto listed =
        load_cluster_config(write(dir, "submit_hosts: [pi01, pi02]\nrelay_root: true\n"), true);
    ASSERT_TRUE(listed.ok()) << listed.message();
    EXPECT_EQ(listed->submit_hosts, (std::vector<std::string>{"pi01", "pi02"}));
    EXPECT_TRUE(listed->relay_root);
    auto none = load_cluster_config(write(dir, "submit_hosts: []\n"), true);
    ASSERT_TRUE(none.ok()) << none.message();
    EXPECT_EQ(none->submit_hosts, std::vector<std::string>{});
    auto bad = load_cluster_config(write(dir, "submit_hosts: pi01\n"), true);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("expected a list of node names"), std::string::npos)
        << bad.message();
}

TEST(ClusterConfig, MissingNamedFileIsAnError) {
    test::TempDir dir;
    auto config = load_cluster_config(dir.file("absent.yaml"), /*explicitly_named=*/true);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.message(), dir.file("absent.yaml") + ": no such configuration file");
}

TEST(ClusterConfig, ReadsEveryKey) {
    test::TempDir dir;
    const auto path =
        write(dir,
              "cluster_name: pis\nqueue: pi.q\nlisten: 10.0.0.1:7000\nsocket: /tmp/s\n"
              "spool: /tmp/spool\nmanagers: [root, alice]\nheartbeat_seconds: 2\n"
              "node_timeout_seconds: 10\n");
    auto config = load_cluster_config(path, true);
    ASSERT_TRUE(config.ok()) << config.message();
    EXPECT_EQ(config->cluster_name, "pis");
    EXPECT_EQ(config->queue, "pi.q");
    EXPECT_EQ(config->listen, "10.0.0.1:7000");
    EXPECT_EQ(config->managers, (std::vector<std::string>{"root", "alice"}));
    EXPECT_EQ(config->heartbeat_seconds, 2);
    EXPECT_EQ(config->node_timeout_seconds, 10);
}

// The example shipped in etc/ documents every key; it must load as it is.
TEST(ClusterConfig, ShippedExampleLoads) {
    auto config = load_cluster_config(std::string(BRAMBLE_SOURCE_DIR) + "/etc/cluster.yaml", true);
    ASSERT_TRUE(config.ok()) << config.message();
    EXPECT_EQ(config->queue, "all.q");
    EXPECT_EQ(config->parallel_environments.size(), 3U) << "smp, mpi and mpi_rr, as by default";
    EXPECT_EQ(config->queue_limits.default_walltime, 3600);
    EXPECT_EQ(config->fair_share.waiting_scale, 86400);
}

TEST(ClusterConfig, UnknownKeyNamesFileLineAndKey) {
    test::TempDir dir;
    const auto path = write(dir, "queue: all.q\nqueues: x\n");
    auto config = load_cluster_config(path, true);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.message().rfind(path + ":2: key 'queues': unknown key", 0), 0u)
        << config.message();
}

TEST(ClusterConfig, BadValueNamesFileLineAndKey) {
    test::TempDir dir;
    const auto path = write(dir, "\nheartbeat_seconds: -1\n");
    auto config = load_cluster_config(path, true);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(
        config.message(),
        path + ":2: key 'heartbeat_seconds': must be a whole number from 1 to 3600, got '-1'");
}

// The scheduler creates and writes the accounting file under sge_root as root: only an absolute
// path that means what it says.
TEST(ClusterConfig, SgeRootIsAnAbsolutePathWithoutDotDot) {
    test::TempDir dir;
    auto config = load_cluster_config(write(dir, "sge_root: /srv/sge\n"), true);
    ASSERT_TRUE(config.ok()) << config.message();
    EXPECT_EQ(config->sge_root, "/srv/sge");

    const auto relative = write(dir, "sge_root: sge\n");
    config = load_cluster_config(relative, true);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.message(),
              relative + ":1: key 'sge_root': expected an absolute path, got 'sge'");

    const auto climbing = write(dir, "sge_root: /srv/../etc\n");
    config = load_cluster_config(climbing, true);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.message(),
              climbing + ":1: key 'sge_root': '..' is not allowed in '/srv/../etc'");
}

// The scheduler runs the mailer as root for job mail: an absolute path, or none for no mail.
TEST(ClusterConfig, MailerIsAnAbsolutePathOrNothing) {
    test::TempDir dir;
    auto config = load_cluster_config(write(dir, "queue: all.q\n"), true);
    ASSERT_TRUE(config.ok()) << config.message();
    EXPECT_EQ(config->mailer, "/usr/sbin/sendmail");
    config = load_cluster_config(write(dir, "mailer: none\n"), true);
    ASSERT_TRUE(config.ok()) << config.message();
    EXPECT_EQ(config->mailer, "");
    const auto relative = write(dir, "mailer: sendmail\n");
    config = load_cluster_config(relative, true);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.message(), relative +
                                    ":1: key 'mailer': expected an absolute path, or none "
                                    "for no mail, got 'sendmail'");
}

TEST(ClusterConfig, MalformedYamlGivesTheParserLine) {
    test::TempDir dir;
    const auto path = write(dir, "queue: all.q\nmanagers: [root\n");
    auto config = load_cluster_config(path, true);
    ASSERT_FALSE(config.ok());
    // yaml-cpp finds the unclosed list at the end of the file, past the last line.
    EXPECT_EQ(config.message().rfind(path + ":3: invalid YAML: ", 0), 0u) << config.message();
}

}  // namespace
}  // namespace bramble::config
