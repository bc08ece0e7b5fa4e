// NetnsCluster: the real daemons, each in its own network namespace, joined by a private bridge.
#include "support/netns_cluster.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "support/cluster_key_file.hpp"
#include "support/local_cluster.hpp"
#include "support/text.hpp"

namespace bramble::test {
namespace {

namespace fs = std::filesystem;

// "bramble-t<pid>-<n>": unique among the test processes of this machine, and it tells
// remove_stale_test_namespaces() whose namespaces they were.
std::string unique_prefix() {
    static std::atomic<int> instances{0};
    return "bramble-t" + std::to_string(::getpid()) + "-" + std::to_string(++instances);
}

std::string node_name(int index) {
    char name[16];
    (void)std::snprintf(name, sizeof name, "pi%02d", index);
    return name;
}

}  // namespace

NetnsCluster::NetnsCluster(int nodes, int cores, const std::string& memory,
                           const std::string& config_yaml)
    : network_(unique_prefix()) {
    fs::create_directories(temp_.path() / "logs");
    cluster_key_ = write_cluster_key(temp_.path() / "cluster.key");
    if (!config_yaml.empty()) {
        config_path_ = (temp_.path() / "cluster.yaml").string();
        std::ofstream(config_path_) << config_yaml;
    }
    // Users on a node reach its execd's tool socket by name; the work folder takes their files.
    fs::permissions(temp_.path(),
                    fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    fs::create_directories(temp_.path() / "work");
    fs::permissions(temp_.path() / "work", fs::perms::all | fs::perms::sticky_bit);
    for (int i = 1; i <= nodes; ++i)
        nodes_.push_back(node_name(i));
    remove_stale_test_namespaces();
    if (auto built = build_network(); !built) {
        fail(built.message());
        return;
    }
    if (auto started = start_scheduler(); !started) {
        fail(started.message());
        return;
    }
    // Each node binds its jobs from its own machine core on, as separate machines would.
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        start_execd(nodes_[i], cores, static_cast<int>(i) * cores, memory);
    if (!wait_until([this] { return nodes_up().size() == nodes_.size(); }, 60s)) {
        fail("qhost did not list every node as up within 60 s:\n" + run("qhost", {}).describe());
    }
}

NetnsCluster::~NetnsCluster() {
    for (auto& [name, execd] : execds_)
        execd->stop();
    if (scheduler_) scheduler_->stop();
    kill_processes_under(temp_.path().string());
    network_.destroy();
}

void NetnsCluster::fail(const std::string& why) {
    if (error_.empty()) error_ = why + "\n" + logs();
}

std::string NetnsCluster::address_of(int node_index) {
    return "10.77.0." + std::to_string(10 + node_index);
}

std::string NetnsCluster::namespace_of(const std::string& member) const {
    return network_.namespace_of(member);
}

std::string NetnsCluster::socket_path() const {
    return (temp_.path() / "scheduler.sock").string();
}

Status NetnsCluster::build_network() {
    if (auto hub = network_.create_hub(); !hub) return hub;
    if (auto head = network_.add_member("head", std::string(head_address) + "/24"); !head)
        return head;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const auto address = address_of(static_cast<int>(i) + 1) + "/24";
        if (auto node = network_.add_member(nodes_[i], address); !node) return node;
    }
    return ok_status();
}

Status NetnsCluster::start_scheduler() {
    const fs::path port_file = temp_.path() / "port";
    fs::create_directories(temp_.path() / "spool");
    std::vector<std::string> argv = network_.exec_in("head");
    argv.insert(argv.end(),
                {bin_path("bramble-scheduler"), "--spool", (temp_.path() / "spool").string(),
                 "--socket", socket_path(), "--listen",
                 std::string(head_address) + ":" + std::to_string(scheduler_port), "--port-file",
                 port_file.string(), "--cluster-key", cluster_key_});
    if (!config_path_.empty()) argv.insert(argv.end(), {"--config", config_path_});
    scheduler_ = std::make_unique<Daemon>(argv, environment_with({}),
                                          (temp_.path() / "logs" / "scheduler.log").string());
    const bool listening =
        wait_until([&] { return !scheduler_->running() || !read_file(port_file).empty(); }, 30s);
    if (!listening || !scheduler_->running())
        return make_error("bramble-scheduler did not start listening in namespace " +
                          namespace_of("head"));
    return ok_status();
}

void NetnsCluster::start_execd(const std::string& name, int cores, int first_core,
                               const std::string& memory) {
    const fs::path root = temp_.path() / "nodes" / name;
    fs::create_directories(root / "spool");
    fs::create_directories(root / "tmp");
    fs::permissions(root / "tmp", fs::perms::all | fs::perms::sticky_bit);
    // Its own UTS namespace too, named after the node: the execd and its jobs see that host name.
    std::vector<std::string> argv = network_.exec_in(name);
    argv.insert(argv.end(), {system_program("unshare"), "--uts", "/bin/sh", "-c",
                             "hostname \"$0\" && exec \"$@\"", name});
    argv.insert(argv.end(),
                {bin_path("bramble-execd"), "--scheduler",
                 std::string(head_address) + ":" + std::to_string(scheduler_port), "--name", name,
                 "--cores", std::to_string(cores), "--first-core", std::to_string(first_core),
                 "--memory", memory, "--spool", (root / "spool").string(), "--tmpdir",
                 (root / "tmp").string(), "--cluster-key", cluster_key_});
    execds_[name] = std::make_unique<Daemon>(argv, environment_with({}),
                                             (temp_.path() / "logs" / (name + ".log")).string());
}

ProcessResult NetnsCluster::run(const std::string& tool, const std::vector<std::string>& args,
                                const std::string& stdin_text) const {
    Command command;
    command.argv = {bin_path(tool)};
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.stdin_text = stdin_text;
    command.cwd = work_dir();
    command.env = environment_with({"BRAMBLE_SOCKET=" + socket_path()});
    return run_command(command);
}

ProcessResult NetnsCluster::run_on(const std::string& node,
                                   const std::vector<std::string>& argv) const {
    Command command;
    command.argv = network_.exec_in(node);
    command.argv.insert(command.argv.end(), argv.begin(), argv.end());
    command.env = environment_with({});
    return run_command(command);
}

std::uint64_t NetnsCluster::submit(const std::vector<std::string>& args) const {
    ProcessResult r = run("qsub", args);
    unsigned long long id = 0;
    if (r.exit_code != 0 || std::sscanf(r.out.c_str(), "Your job %llu (", &id) != 1) {
        ADD_FAILURE() << "qsub did not submit the job: " << r.describe();
        return 0;
    }
    return id;
}

bool NetnsCluster::wait_gone(std::uint64_t id, std::chrono::milliseconds timeout) const {
    return wait_until(
        [&] {
            std::istringstream table(run("qstat", {"-u", "*"}).out);
            for (std::string line; std::getline(table, line);) {
                if (auto row = words(line); !row.empty() && row[0] == std::to_string(id))
                    return false;
            }
            return true;
        },
        timeout);
}

bool NetnsCluster::wait_until(const std::function<bool()>& predicate,
                              std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (predicate()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(50ms);  // a polling interval, not a synchronisation
    }
}

Status NetnsCluster::unplug(const std::string& node) const {
    return network_.set_link(node, false);
}

Status NetnsCluster::plug(const std::string& node) const {
    return network_.set_link(node, true);
}

std::vector<std::string> NetnsCluster::nodes_up() const {
    ProcessResult r = run("qhost", {});
    std::vector<std::string> up;
    if (r.exit_code != 0) return up;
    std::istringstream table(r.out);
    std::size_t load_column = 0;
    for (std::string line; std::getline(table, line);) {
        auto row = words(line);
        if (row.empty()) continue;
        if (row[0] == "HOSTNAME") {
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (row[i] == "LOAD") load_column = i;
            }
        } else if (load_column > 0 && row.size() > load_column && row[load_column] != "-") {
            up.push_back(row[0]);
        }
    }
    return up;
}

std::string NetnsCluster::logs() const {
    std::string text;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(temp_.path() / "logs", ec)) {
        std::string log = read_file(entry.path());
        if (log.size() > 4000) log = "...\n" + log.substr(log.size() - 4000);
        text += "--- " + entry.path().filename().string() + " ---\n" + log;
    }
    return text;
}

}  // namespace bramble::test
