// LocalCluster: the real bramble daemons on loopback for one test suite. A scheduler with a
// temporary spool and an ephemeral port, and execds posing as small nodes (pi01, pi02, ...), all in
// one TempDir; the tools from BRAMBLE_BIN_DIR run against it with BRAMBLE_SOCKET set (and
// BRAMBLE_EXECD_SOCKET, the first node's execd, for qrsh). Everything it
// started is stopped (SIGTERM, then SIGKILL) and reaped when it is destroyed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace bramble::test {

using namespace std::chrono_literals;

struct NodeSpec {
    std::string name;
    int cores = 1;
    std::string memory = "512M";
    std::vector<std::string> execd_args = {};  // more bramble-execd options (--no-cgroups)
};

// `count` nodes pi01..piNN of `cores` cores and `memory` each.
std::vector<NodeSpec> small_nodes(int count, int cores = 1, const std::string& memory = "512M");

// A shell snippet that waits (polling, bounded to about two minutes so a failed test leaves no
// job behind) until `path` exists; jobs use it so the test decides when they end.
std::string wait_for_file_command(const std::string& path);

class LocalCluster {
  public:
    explicit LocalCluster(std::vector<NodeSpec> nodes = small_nodes(2),
                          std::string config_yaml = "");
    ~LocalCluster();
    LocalCluster(const LocalCluster&) = delete;
    LocalCluster& operator=(const LocalCluster&) = delete;

    // False when the daemons did not come up; startup_error() says why (with their logs).
    [[nodiscard]] bool ready() const { return error_.empty(); }
    [[nodiscard]] const std::string& startup_error() const { return error_; }

    // Runs a tool (qsub, qstat, ...) from the build's bin folder, in work_dir(as_user), optionally
    // as another Unix user (with that user's HOME, USER and LOGNAME).
    ProcessResult run(const std::string& tool, const std::vector<std::string>& args,
                      const std::string& stdin_text = "", const std::string& as_user = "") const;
    ProcessResult run_in(const std::string& cwd, const std::string& tool,
                         const std::vector<std::string>& args, const std::string& stdin_text = "",
                         const std::string& as_user = "") const;

    // A tool as run on node `node` (a login there, or a job there): it knows only that node's
    // execd sockets ($BRAMBLE_RELAY_SOCKET, $BRAMBLE_EXECD_SOCKET), not the scheduler's.
    ProcessResult run_on(const std::string& node, const std::string& tool,
                         const std::vector<std::string>& args, const std::string& stdin_text = "",
                         const std::string& as_user = "") const;

    // qsub `args`, expecting `Your job N ("name") has been submitted`; returns N, or 0 after
    // recording a test failure.
    std::uint64_t submit(const std::vector<std::string>& args, const std::string& stdin_text = "",
                         const std::string& as_user = "") const;

    // The job's state letters in `qstat -u '*'` ("qw", "r"), or "" when it is not listed.
    [[nodiscard]] std::string qstat_state(std::uint64_t id) const;
    // The job's queue column (all.q@pi01), or "" when it has none or is not listed.
    [[nodiscard]] std::string qstat_queue(std::uint64_t id) const;
    // The value of `key` in `qacct -j id` of a finished job (trailing blanks dropped), or "" when
    // qacct has no such line: "exit_status" -> "3", "failed" -> "26  : opening input/output file".
    [[nodiscard]] std::string qacct_value(std::uint64_t id, const std::string& key) const;
    // Waits until qstat no longer lists the job (it finished or was deleted).
    bool wait_gone(std::uint64_t id, std::chrono::milliseconds timeout = 60s) const;
    bool wait_state(std::uint64_t id, const std::string& state,
                    std::chrono::milliseconds timeout = 30s) const;

    // Polls `predicate` until it holds or `timeout` passes; returns whether it held.
    bool wait_until(const std::function<bool()>& predicate,
                    std::chrono::milliseconds timeout = 30s) const;
    bool wait_for_file(const std::string& path, std::chrono::milliseconds timeout = 30s) const;

    // Whether qhost lists every node of the cluster as up (a load value, not "-").
    [[nodiscard]] bool all_nodes_up() const;

    // Stops the scheduler, runs `while_stopped`, and starts it again on the same port, spool and
    // socket; waits until every running execd is back.
    bool restart_scheduler(const std::function<void()>& while_stopped = {});
    void kill_execd(const std::string& name);
    bool start_execd(const std::string& name);

    [[nodiscard]] const std::filesystem::path& dir() const { return temp_.path(); }
    // A folder the user may write to (the cluster's work folder, one per user); created on demand.
    [[nodiscard]] std::string work_dir(const std::string& as_user = "") const;
    [[nodiscard]] std::string socket_path() const;
    // Node `node`'s execd socket (qrsh's way in); the tools run with the first node's.
    [[nodiscard]] std::string execd_socket_path(const std::string& node) const;
    // Node `node`'s tool socket, where its execd relays the tools to the scheduler.
    [[nodiscard]] std::string tool_socket_path(const std::string& node) const;
    [[nodiscard]] int port() const { return port_; }
    // The running scheduler's process (for its memory or its limit of open files), or -1.
    [[nodiscard]] pid_t scheduler_pid() const { return scheduler_ ? scheduler_->pid() : -1; }
    // The file of the secret the cluster's daemons share.
    [[nodiscard]] const std::string& cluster_key() const { return cluster_key_; }
    [[nodiscard]] const std::vector<NodeSpec>& nodes() const { return nodes_; }

    // The tail of every daemon's log, for assertion messages.
    [[nodiscard]] std::string logs() const;

  private:
    ProcessResult run_with(const std::vector<std::string>& sockets, const std::string& cwd,
                           const std::string& tool, const std::vector<std::string>& args,
                           const std::string& stdin_text, const std::string& as_user) const;
    bool start_scheduler(int port);
    void fail(const std::string& why);

    TempDir temp_;
    std::vector<NodeSpec> nodes_;
    std::string config_path_;
    std::string cluster_key_;
    int port_ = 0;
    std::unique_ptr<Daemon> scheduler_;
    std::map<std::string, std::unique_ptr<Daemon>> execds_;
    std::string error_;
};

// Where the real binaries are: $BRAMBLE_TEST_BIN_DIR, else this build's bin folder.
std::string bin_path(const std::string& tool);

}  // namespace bramble::test
