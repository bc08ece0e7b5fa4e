// NetnsCluster: a real multi-host bramble cluster on one machine. The scheduler runs in its own
// network namespace (10.77.0.1) and each execd in another (pi01 at 10.77.0.11, pi02 at .12, ...),
// all joined by a bridge in a hub namespace, with no default route and no NAT, so traffic never
// leaves them. Each execd also has its own UTS namespace, so a job on pi03 sees the host name
// pi03. The tools run from the test's own namespace and reach the scheduler on its Unix socket.
// Destroying it stops every daemon and removes every namespace, also after a failed start.
//
// NetnsSuite is the GoogleTest fixture: one cluster per test suite, and every test skipped (not
// failed) where namespaces cannot be made: not root, no `ip`, or the kernel refuses.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/netns_network.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace bramble::test {

using namespace std::chrono_literals;

class NetnsCluster {
  public:
    static constexpr const char* head_address = "10.77.0.1";
    static constexpr int scheduler_port = 7444;

    // `nodes` execds pi01..piNN, each offering `cores` cores and `memory`; the scheduler reads
    // `config_yaml` as its cluster.yaml when it is not empty.
    explicit NetnsCluster(int nodes = 4, int cores = 1, const std::string& memory = "512M",
                          const std::string& config_yaml = "");
    ~NetnsCluster();
    NetnsCluster(const NetnsCluster&) = delete;
    NetnsCluster& operator=(const NetnsCluster&) = delete;

    // False when something did not come up; startup_error() says what, with the daemons' logs.
    [[nodiscard]] bool ready() const { return error_.empty(); }
    [[nodiscard]] const std::string& startup_error() const { return error_; }

    // Runs a tool (qsub, qhost, ...) from the build's bin folder against this cluster, in
    // work_dir().
    ProcessResult run(const std::string& tool, const std::vector<std::string>& args,
                      const std::string& stdin_text = "") const;
    // Runs `argv` (argv[0] an absolute path) inside node `node`'s network namespace.
    ProcessResult run_on(const std::string& node, const std::vector<std::string>& argv) const;

    // qsub `args`, expecting "Your job N (...) has been submitted"; N, or 0 after a test failure.
    std::uint64_t submit(const std::vector<std::string>& args) const;
    // Waits until qstat no longer lists the job.
    bool wait_gone(std::uint64_t id, std::chrono::milliseconds timeout = 60s) const;
    bool wait_until(const std::function<bool()>& predicate,
                    std::chrono::milliseconds timeout = 30s) const;
    // The nodes qhost lists as up (with a load, not "-").
    [[nodiscard]] std::vector<std::string> nodes_up() const;
    // Pulls node `node`'s network cable out, or plugs it back in; its execd and jobs run on.
    [[nodiscard]] Status unplug(const std::string& node) const;
    [[nodiscard]] Status plug(const std::string& node) const;

    [[nodiscard]] const std::vector<std::string>& nodes() const { return nodes_; }
    [[nodiscard]] static std::string address_of(int node_index);  // 1 -> 10.77.0.11
    [[nodiscard]] std::string namespace_of(const std::string& member) const;
    [[nodiscard]] std::string work_dir() const { return (temp_.path() / "work").string(); }
    [[nodiscard]] std::string socket_path() const;
    // Node `node`'s tool socket, where its execd relays the tools of the users on it.
    [[nodiscard]] std::string tool_socket_path(const std::string& node) const {
        return (temp_.path() / "nodes" / node / "spool" / "tools.sock").string();
    }
    [[nodiscard]] std::string logs() const;

  private:
    Status build_network();
    Status start_scheduler();
    void start_execd(const std::string& name, int cores, int first_core, const std::string& memory);
    void fail(const std::string& why);

    TempDir temp_;
    NetnsNetwork network_;
    std::vector<std::string> nodes_;
    std::unique_ptr<Daemon> scheduler_;
    std::map<std::string, std::unique_ptr<Daemon>> execds_;
    std::string error_;
    std::string cluster_key_;  // the file
    std::string config_path_;  // empty: the scheduler's defaults
};

class NetnsSuite : public ::testing::Test {
  public:
    static void SetUpTestSuite() { start_cluster(4); }
    static void TearDownTestSuite() { cluster_.reset(); }

  protected:
    // A suite that needs another cluster calls this from its own SetUpTestSuite.
    static void start_cluster(int nodes, const std::string& config_yaml = "") {
        unavailable_ = netns_unavailable_reason();
        if (unavailable_.empty()) {
            cluster_ = std::make_unique<NetnsCluster>(nodes, 1, "512M", config_yaml);
        }
    }

    void SetUp() override {
        if (!unavailable_.empty()) GTEST_SKIP() << unavailable_;
        ASSERT_TRUE(cluster_) << "the suite's cluster was not started";
        ASSERT_TRUE(cluster_->ready()) << cluster_->startup_error();
    }
    void TearDown() override {
        if (HasFailure() && cluster_ && cluster_->ready()) std::cerr << cluster_->logs();
    }

    static NetnsCluster& cluster() { return *cluster_; }

    static inline std::string unavailable_;
    static inline std::unique_ptr<NetnsCluster> cluster_;
};

}  // namespace bramble::test
