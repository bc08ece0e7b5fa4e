// LocalCluster: starts, watches and stops the real daemons of a one-machine test cluster.
#include "support/local_cluster.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "support/cluster_key_file.hpp"
#include "support/reachable_bin.hpp"
#include "support/text.hpp"

namespace bramble::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

// The words of qstat's line for job `id` (the table's first column), or nothing.
std::vector<std::string> qstat_row(const std::string& table, std::uint64_t id) {
    for (const auto& line : lines(table)) {
        auto row = words(line);
        if (!row.empty() && row[0] == std::to_string(id)) return row;
    }
    return {};
}

void make_dir(const fs::path& path, fs::perms perms) {
    fs::create_directories(path);
    fs::permissions(path, perms);
}

}  // namespace

std::string bin_path(const std::string& tool) {
    // BRAMBLE_TEST_BIN_DIR runs the suite against another build's binaries (a release build).
    static const std::string dir = [] {
        const char* override_dir = std::getenv("BRAMBLE_TEST_BIN_DIR");
        return reachable_bin_dir(override_dir != nullptr && *override_dir ? override_dir
                                                                          : BRAMBLE_BIN_DIR);
    }();
    return dir + "/" + tool;
}

std::vector<NodeSpec> small_nodes(int count, int cores, const std::string& memory) {
    std::vector<NodeSpec> nodes;
    for (int i = 1; i <= count; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "pi%02d", i);
        nodes.push_back({name, cores, memory});
    }
    return nodes;
}

std::string wait_for_file_command(const std::string& path) {
    return "i=0; while [ ! -e '" + path + "' ] && [ $i -lt 2400 ]; do sleep 0.05; i=$((i+1)); done";
}

LocalCluster::LocalCluster(std::vector<NodeSpec> nodes, std::string config_yaml)
    : nodes_(std::move(nodes)) {
    // Other users' tools must reach the socket and their work folders inside.
    fs::permissions(dir(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
    make_dir(dir() / "logs", fs::perms::owner_all);
    make_dir(dir() / "work", fs::perms::all | fs::perms::sticky_bit);
    cluster_key_ = write_cluster_key(dir() / "cluster.key");
    if (!config_yaml.empty()) {
        config_path_ = (dir() / "cluster.yaml").string();
        std::ofstream(config_path_) << config_yaml;
    }
    if (!start_scheduler(0)) return;
    for (const auto& node : nodes_) {
        if (!start_execd(node.name)) return;
    }
    if (!wait_until([this] { return all_nodes_up(); }, 30s)) {
        fail("qhost did not list every node as up within 30 s:\n" + run("qhost", {}).describe());
    }
}

LocalCluster::~LocalCluster() {
    for (auto& [name, execd] : execds_)
        execd->stop();
    if (scheduler_) scheduler_->stop();
    kill_processes_under(dir().string());
}

void LocalCluster::fail(const std::string& why) {
    if (error_.empty()) error_ = why + "\n" + logs();
}

bool LocalCluster::start_scheduler(int port) {
    const fs::path port_file = dir() / "port";
    fs::remove(port_file);
    make_dir(dir() / "spool", fs::perms::owner_all);
    std::vector<std::string> argv = {bin_path("bramble-scheduler"),
                                     "--spool",
                                     (dir() / "spool").string(),
                                     "--socket",
                                     socket_path(),
                                     "--listen",
                                     "127.0.0.1:" + std::to_string(port),
                                     "--port-file",
                                     port_file.string(),
                                     "--cluster-key",
                                     cluster_key_};
    if (!config_path_.empty()) argv.insert(argv.end(), {"--config", config_path_});
    scheduler_ = std::make_unique<Daemon>(argv, environment_with({}),
                                          (dir() / "logs" / "scheduler.log").string());
    bool listening =
        wait_until([&] { return !scheduler_->running() || !read_file(port_file).empty(); }, 30s);
    if (!listening || !scheduler_->running()) {
        fail("bramble-scheduler did not write its port file " + port_file.string());
        return false;
    }
    port_ = std::stoi(read_file(port_file));
    return true;
}

bool LocalCluster::start_execd(const std::string& name) {
    const NodeSpec* spec = nullptr;
    int first_core = 0;  // each node binds its jobs from its own machine core on, as on Pis
    for (const auto& node : nodes_) {
        if (node.name == name) spec = &node;
        if (spec == nullptr) first_core += node.cores;
    }
    if (spec == nullptr) {
        fail("no node named " + name + " in this cluster");
        return false;
    }
    const fs::path root = dir() / "nodes" / name;
    make_dir(root / "spool", fs::perms::owner_all);
    // Jobs of every user get their TMPDIR under here.
    make_dir(root / "tmp", fs::perms::all | fs::perms::sticky_bit);
    std::vector<std::string> argv = {bin_path("bramble-execd"),
                                     "--scheduler",
                                     "127.0.0.1:" + std::to_string(port_),
                                     "--name",
                                     name,
                                     "--cores",
                                     std::to_string(spec->cores),
                                     "--first-core",
                                     std::to_string(first_core),
                                     "--memory",
                                     spec->memory,
                                     "--spool",
                                     (root / "spool").string(),
                                     "--tmpdir",
                                     (root / "tmp").string(),
                                     "--cluster-key",
                                     cluster_key_};
    argv.insert(argv.end(), spec->execd_args.begin(), spec->execd_args.end());
    execds_[name] = std::make_unique<Daemon>(argv, environment_with({}),
                                             (dir() / "logs" / (name + ".log")).string());
    return true;
}

void LocalCluster::kill_execd(const std::string& name) {
    if (auto it = execds_.find(name); it != execds_.end()) {
        it->second->stop();
        execds_.erase(it);
    }
}

bool LocalCluster::restart_scheduler(const std::function<void()>& while_stopped) {
    if (scheduler_) scheduler_->stop();
    if (while_stopped) while_stopped();
    if (!start_scheduler(port_)) return false;
    if (!wait_until([this] { return all_nodes_up(); }, 60s)) {
        fail("after the restart, qhost did not list every node as up within 60 s");
        return false;
    }
    return true;
}

std::string LocalCluster::execd_socket_path(const std::string& node) const {
    return (dir() / "nodes" / node / "spool" / "execd.sock").string();
}

std::string LocalCluster::tool_socket_path(const std::string& node) const {
    return (dir() / "nodes" / node / "spool" / "tools.sock").string();
}

std::string LocalCluster::socket_path() const {
    return (dir() / "scheduler.sock").string();
}

std::string LocalCluster::work_dir(const std::string& as_user) const {
    if (as_user.empty()) return (dir() / "work").string();
    const fs::path path = dir() / "work" / as_user;
    if (!fs::exists(path)) {
        auto user = lookup_user(as_user);
        fs::create_directories(path);
        if (user && ::chown(path.c_str(), user->uid, user->gid) != 0) {
            ADD_FAILURE() << "cannot give " << path << " to " << as_user;
        }
    }
    return path.string();
}

ProcessResult LocalCluster::run(const std::string& tool, const std::vector<std::string>& args,
                                const std::string& stdin_text, const std::string& as_user) const {
    return run_in(work_dir(as_user), tool, args, stdin_text, as_user);
}

ProcessResult LocalCluster::run_in(const std::string& cwd, const std::string& tool,
                                   const std::vector<std::string>& args,
                                   const std::string& stdin_text,
                                   const std::string& as_user) const {
    // qrsh CMD attaches through "this host's" execd: the first node's here.
    return run_with({"BRAMBLE_SOCKET=" + socket_path(),
                     "BRAMBLE_EXECD_SOCKET=" + execd_socket_path(nodes_.front().name)},
                    cwd, tool, args, stdin_text, as_user);
}

ProcessResult LocalCluster::run_on(const std::string& node, const std::string& tool,
                                   const std::vector<std::string>& args,
                                   const std::string& stdin_text,
                                   const std::string& as_user) const {
    return run_with({"BRAMBLE_RELAY_SOCKET=" + tool_socket_path(node),
                     "BRAMBLE_EXECD_SOCKET=" + execd_socket_path(node)},
                    work_dir(as_user), tool, args, stdin_text, as_user);
}

ProcessResult LocalCluster::run_with(const std::vector<std::string>& sockets,
                                     const std::string& cwd, const std::string& tool,
                                     const std::vector<std::string>& args,
                                     const std::string& stdin_text,
                                     const std::string& as_user) const {
    Command command;
    command.argv = {bin_path(tool)};
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.stdin_text = stdin_text;
    command.cwd = cwd;
    if (as_user.empty()) {
        std::vector<std::string> env = environment_with(sockets);
        // Only the sockets given: a tool run on a node must not find the scheduler's by a way
        // this process happens to know.
        std::erase_if(env, [&](const std::string& entry) {
            return entry.starts_with("BRAMBLE_SOCKET=") &&
                   std::find(sockets.begin(), sockets.end(), entry) == sockets.end();
        });
        command.env = std::move(env);
    } else {
        command.user = lookup_user(as_user);
        if (!command.user) {
            ProcessResult missing;
            missing.err = "no such user: " + as_user;
            return missing;
        }
        command.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + command.user->home,
                       "USER=" + as_user, "LOGNAME=" + as_user, "SHELL=/bin/sh"};
        command.env.insert(command.env.end(), sockets.begin(), sockets.end());
    }
    return run_command(command);
}

std::uint64_t LocalCluster::submit(const std::vector<std::string>& args,
                                   const std::string& stdin_text,
                                   const std::string& as_user) const {
    ProcessResult r = run("qsub", args, stdin_text, as_user);
    unsigned long long id = 0;
    if (r.exit_code != 0 || std::sscanf(r.out.c_str(), "Your job %llu (", &id) != 1) {
        ADD_FAILURE() << "qsub did not submit the job: " << r.describe();
        return 0;
    }
    return id;
}

std::string LocalCluster::qstat_state(std::uint64_t id) const {
    auto row = qstat_row(run("qstat", {"-u", "*"}).out, id);
    return row.size() > 4 ? row[4] : "";
}

std::string LocalCluster::qacct_value(std::uint64_t id, const std::string& key) const {
    std::istringstream lines(run("qacct", {"-j", std::to_string(id)}).out);
    for (std::string line; std::getline(lines, line);) {
        // Grid Engine's keys are padded to 13 columns.
        if (line.size() < 13 || line.compare(0, key.size() + 1, key + " ") != 0) continue;
        std::string value = line.substr(13);
        value.erase(value.find_last_not_of(' ') + 1);
        return value;
    }
    return "";
}

std::string LocalCluster::qstat_queue(std::uint64_t id) const {
    auto row = qstat_row(run("qstat", {"-u", "*"}).out, id);
    return row.size() > 7 && row[7].find('@') != std::string::npos ? row[7] : "";
}

bool LocalCluster::wait_gone(std::uint64_t id, std::chrono::milliseconds timeout) const {
    return wait_until([&] { return qstat_state(id).empty(); }, timeout);
}

bool LocalCluster::wait_state(std::uint64_t id, const std::string& state,
                              std::chrono::milliseconds timeout) const {
    return wait_until([&] { return qstat_state(id) == state; }, timeout);
}

bool LocalCluster::wait_until(const std::function<bool()>& predicate,
                              std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (predicate()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(50ms);  // a polling interval, not a synchronisation
    }
}

bool LocalCluster::wait_for_file(const std::string& path, std::chrono::milliseconds timeout) const {
    return wait_until([&] { return fs::exists(path); }, timeout);
}

bool LocalCluster::all_nodes_up() const {
    ProcessResult r = run("qhost", {});
    if (r.exit_code != 0) return false;
    std::size_t load_column = 0;
    std::map<std::string, bool> up;
    for (const auto& line : lines(r.out)) {
        auto row = words(line);
        if (row.empty()) continue;
        if (row[0] == "HOSTNAME") {
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (row[i] == "LOAD") load_column = i;
            }
        } else if (load_column > 0 && row.size() > load_column) {
            up[row[0]] = row[load_column] != "-";
        }
    }
    for (const auto& node : nodes_) {
        if (execds_.count(node.name) != 0 && !up[node.name]) return false;
    }
    return load_column > 0;
}

std::string LocalCluster::logs() const {
    std::string text;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir() / "logs", ec)) {
        std::string log = read_file(entry.path());
        if (log.size() > 4000) log = "...\n" + log.substr(log.size() - 4000);
        text += "--- " + entry.path().filename().string() + " ---\n" + log;
    }
    return text;
}

}  // namespace bramble::test
