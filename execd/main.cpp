// bramble-execd: the daemon on every node. Reads its options, takes the node's inventory (maybe
// narrowed, so one machine can pose as several Pis), and hands over to Execd.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <boost/asio/io_context.hpp>

#include "auth/cluster_key.hpp"
#include "execd/execd.hpp"
#include "execd/inventory.hpp"
#include "execd/job_dir.hpp"
#include "execd/log.hpp"
#include "execd/private_dir.hpp"
#include "model/units.hpp"

namespace {

using namespace bramble;

struct Options {
    std::string scheduler = "127.0.0.1:7444";
    std::string name;
    int cores = 0;
    int first_core = 0;
    std::string memory;
    std::string spool;
    std::string shepherd;
    std::string tmpdir = "/tmp";
    std::string qrsh;
    int port = 7445;
    int attach_seconds = 60;
    bool no_cgroups = false;
    std::string cluster_key;
    std::string tool_socket;
    bool relay_root = false;
};

std::string default_spool(const std::string& name) {
    if (::geteuid() == 0) return "/var/lib/bramble/execd/" + name;
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    const std::string base =
        state && *state ? state : std::string(home ? home : "/tmp") + "/.local/state";
    return base + "/bramble/execd/" + name;
}

// A program installed beside this binary (bramble-shepherd, bramble-inventory, qrsh).
std::string beside_me(const std::string& program) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? std::filesystem::path(".") : self.parent_path()) / program;
}

// HOST:PORT, [v6-address]:PORT, or a bare host (port 7444).
Result<std::pair<std::string, std::string>> split_address(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || text.back() == ']')
        return std::pair{text, std::string("7444")};
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    const std::string port = text.substr(colon + 1);
    if (host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos) {
        return make_error("--scheduler '" + text + "' is not HOST:PORT (e.g. head:7444)");
    }
    return std::pair{host, port};
}

// Control groups need root; without them (or with --no-cgroups) the shepherd watches each job's
// memory itself.
execd::CgroupBase cgroups_for(const Options& options, const std::string& node,
                              const std::string& spool) {
    execd::CgroupBase none;
    if (options.no_cgroups) {
        none.why_none = "turned off by --no-cgroups";
    } else if (::geteuid() != 0) {
        none.why_none = "the execd does not run as root";
    } else {
        return execd::prepare_own_cgroups(execd::node_group_name(node, spool));
    }
    return none;
}

// The spool and the TMPDIR parent hold what root makes for jobs: they must be this process's
// user's alone. Either being unfit would fail every job, so it is said now.
Status prepare_folders(const execd::ExecdConfig& config) {
    std::error_code error;
    for (const auto& [folder, option] :
         {std::pair{config.tmpdir, "--tmpdir"}, std::pair{config.spool, "--spool"}}) {
        std::filesystem::create_directories(folder, error);
        if (error || !std::filesystem::is_directory(folder)) {
            return make_error(std::string(option) + " " + folder +
                              " is not a directory and cannot be created" +
                              (error ? ": " + error.message() : ""));
        }
    }
    // Jobs run as their owners and exec their script and read PE_HOSTFILE from the job directory,
    // so the way there must be traversable (not listable) by everyone.
    if (auto spool = execd::ensure_private_dir(config.spool, 0711, "spool"); !spool) return spool;
    const std::string active = config.spool + "/" + execd::kActiveJobs;
    if (auto jobs = execd::ensure_private_dir(active, 0711, "job folder"); !jobs) return jobs;
    auto parent = execd::open_tmpdir_parent(config.tmpdir);
    if (!parent) return make_error("--tmpdir: " + parent.message());
    return ok_status();
}

Result<execd::ExecdConfig> configure(Options options) {
    if (options.name.empty()) options.name = execd::short_hostname();
    auto address = split_address(options.scheduler);
    if (!address) return address.error();
    std::uint64_t memory = 0;
    if (!options.memory.empty()) {
        auto parsed = parse_memory(options.memory);
        if (!parsed) return make_error("--memory: " + parsed.message());
        memory = *parsed;
    }
    auto machine = execd::probe_machine(beside_me("bramble-inventory"), options.name);
    if (!machine) return machine.error();
    auto node = execd::narrow_inventory(machine->inventory, options.cores, memory);
    if (!node) return node.error();
    execd::ExecdConfig config;
    config.inventory = *node;
    config.core_map = execd::narrow_core_map(machine->cores, node->cores, options.first_core);
    config.scheduler_host = address->first;
    config.scheduler_port = address->second;
    config.spool = options.spool.empty() ? default_spool(options.name) : options.spool;
    config.shepherd = options.shepherd.empty() ? beside_me("bramble-shepherd") : options.shepherd;
    config.qrsh = options.qrsh.empty() ? beside_me("qrsh") : options.qrsh;
    config.port = options.port;
    config.tmpdir = options.tmpdir;
    config.attach_seconds = options.attach_seconds;
    config.tool_socket =
        options.tool_socket.empty() ? config.spool + "/tools.sock" : options.tool_socket;
    config.relay_root = options.relay_root;
    config.cgroups = cgroups_for(options, node->name, config.spool);
    config.inventory.enforcement = config.cgroups.enforcement();
    if (::access(config.shepherd.c_str(), X_OK) != 0) {
        return make_error("cannot run the shepherd " + config.shepherd + " (use --shepherd PATH)");
    }
    if (auto folders = prepare_folders(config); !folders) return folders.error();
    return config;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"bramble-execd: runs the bramble scheduler's jobs on this node"};
    app.add_option("--scheduler", options.scheduler, "the scheduler's HOST:PORT")
        ->capture_default_str();
    app.add_option("--name", options.name,
                   "this node's name in the cluster (default: short hostname)");
    app.add_option("--first-core", options.first_core,
                   "bind jobs from this machine core on (several nodes posing on one machine)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--cores", options.cores, "cores to offer (default: all)")
        ->check(CLI::PositiveNumber);
    app.add_option("--memory", options.memory, "memory to offer, e.g. 1G (default: all)");
    app.add_option("--spool", options.spool, "where job directories live");
    app.add_option("--shepherd", options.shepherd,
                   "path of bramble-shepherd (default: beside this binary)");
    app.add_option("--port", options.port,
                   "port for other execds' qrsh -inherit requests (0: any free port)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    app.add_option("--qrsh", options.qrsh, "path of qrsh (default: beside this binary)");
    app.add_option("--tmpdir", options.tmpdir, "where per-job TMPDIRs are made")
        ->capture_default_str();
    app.add_option("--cluster-key", options.cluster_key,
                   "the secret all daemons share (default: /etc/bramble/cluster.key as root)");
    app.add_option("--qrsh-attach-seconds", options.attach_seconds,
                   "how long a qrsh job waits for its qrsh to attach before it ends")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    app.add_option("--tool-socket", options.tool_socket,
                   "where this node's users' tools reach the scheduler through this execd "
                   "(default: SPOOL/tools.sock)");
    app.add_flag("--relay-root", options.relay_root,
                 "relay root's tools too (the scheduler must allow it: relay_root)");
    app.add_flag("--no-cgroups", options.no_cgroups,
                 "no control groups: the shepherd watches each job's memory itself");
    CLI11_PARSE(app, argc, argv);

    auto key = auth::ClusterKey::load(options.cluster_key.empty() ? auth::default_key_path()
                                                                  : options.cluster_key);
    if (!key) {
        std::cerr << "bramble-execd: " << key.message() << "\n";
        return 2;
    }
    auto config = configure(options);
    if (!config) {
        std::cerr << "bramble-execd: " << config.message() << "\n";
        return 2;
    }
    execd::set_log_name(config->inventory.name);
    execd::log("node " + config->inventory.name + " (" + config->inventory.hostname + ", " +
               config->inventory.arch + "): " + std::to_string(config->inventory.cores) +
               " cores, " + format_memory(config->inventory.memory) + "; spool " + config->spool);
    const execd::CgroupBase& cgroups = config->cgroups;
    execd::log("limits: " + cgroups.enforcement() +
               (cgroups.why_none.empty() ? "" : " (no memory cgroup: " + cgroups.why_none + ")"));
    boost::asio::io_context io;
    execd::Execd daemon(io, std::move(*config), *key);
    return daemon.run();
}
