// NetnsNetwork: namespaces, a bridge and veth pairs made and removed with iproute2's `ip`.
#include "support/netns_network.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "support/process.hpp"

namespace bramble::test {
namespace {

const std::string hub_name = "hub";
const std::string bridge = "br0";
const std::string test_prefix = "bramble-t";

ProcessResult run_quietly(const std::vector<std::string>& argv) {
    Command command;
    command.argv = argv;
    command.env = environment_with({});
    command.timeout = std::chrono::seconds(20);
    return run_command(command);
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

// The names `ip netns list` prints first on each line ("NAME (id: 3)").
std::vector<std::string> namespace_names(const std::string& ip) {
    std::istringstream in(run_quietly({ip, "netns", "list"}).out);
    std::vector<std::string> names;
    for (std::string line; std::getline(in, line);) {
        if (auto w = words(line); !w.empty()) names.push_back(w[0]);
    }
    return names;
}

void kill_and_delete(const std::string& ip, const std::string& ns) {
    for (const auto& pid : words(run_quietly({ip, "netns", "pids", ns}).out))
        ::kill(static_cast<pid_t>(std::atoi(pid.c_str())), SIGKILL);
    run_quietly({ip, "netns", "delete", ns});
}

}  // namespace

std::string system_program(const std::string& name) {
    for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"}) {
        std::string path = dir + name;
        if (::access(path.c_str(), X_OK) == 0) return path;
    }
    return "";
}

std::string netns_unavailable_reason() {
    if (::geteuid() != 0)
        return "network namespaces need root (this runs as uid " + std::to_string(::geteuid()) +
               ")";
    const std::string ip = system_program("ip");
    if (ip.empty()) return "iproute2's `ip` is not installed";
    if (system_program("unshare").empty()) return "util-linux's `unshare` is not installed";
    const std::string probe = test_prefix + std::to_string(::getpid()) + "-probe";
    ProcessResult added = run_quietly({ip, "netns", "add", probe});
    if (added.exit_code != 0) return "`ip netns add` failed here: " + added.describe();
    ProcessResult deleted = run_quietly({ip, "netns", "delete", probe});
    if (deleted.exit_code != 0) return "`ip netns delete` failed here: " + deleted.describe();
    return "";
}

void remove_stale_test_namespaces() {
    const std::string ip = system_program("ip");
    if (ip.empty()) return;
    for (const auto& ns : namespace_names(ip)) {
        if (ns.rfind(test_prefix, 0) != 0) continue;
        const pid_t owner = std::atoi(ns.c_str() + test_prefix.size());
        if (owner > 0 && owner != ::getpid() && !process_alive(owner)) kill_and_delete(ip, ns);
    }
}

NetnsNetwork::NetnsNetwork(std::string prefix)
    : prefix_(std::move(prefix)), ip_(system_program("ip")), nsenter_(system_program("nsenter")) {}

NetnsNetwork::~NetnsNetwork() {
    destroy();
}

std::string NetnsNetwork::namespace_of(const std::string& name) const {
    return prefix_ + "-" + name;
}

// nsenter enters the network namespace only: `ip netns exec` also mounts a /sys of its own, which
// hides the control group hierarchies the execds make their jobs' groups in.
std::vector<std::string> NetnsNetwork::exec_in(const std::string& name) const {
    return {nsenter_, "--net=/run/netns/" + namespace_of(name)};
}

Status NetnsNetwork::set_link(const std::string& name, bool up) const {
    return ip({"-n", namespace_of(name), "link", "set", "eth0", up ? "up" : "down"});
}

Status NetnsNetwork::ip(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {ip_};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = run_quietly(argv);
    if (r.exit_code == 0) return ok_status();
    std::string command;
    for (const auto& a : argv)
        command += (command.empty() ? "" : " ") + a;
    return make_error("`" + command + "` failed: " + r.describe());
}

Status NetnsNetwork::add_namespace(const std::string& ns) {
    if (auto added = ip({"netns", "add", ns}); !added) return added;
    created_.push_back(ns);
    return ip({"-n", ns, "link", "set", "lo", "up"});
}

Status NetnsNetwork::create_hub() {
    const std::string hub = namespace_of(hub_name);
    if (auto added = add_namespace(hub); !added) return added;
    if (auto made = ip({"-n", hub, "link", "add", bridge, "type", "bridge"}); !made) return made;
    return ip({"-n", hub, "link", "set", bridge, "up"});
}

Status NetnsNetwork::add_member(const std::string& name, const std::string& address) {
    const std::string hub = namespace_of(hub_name);
    const std::string ns = namespace_of(name);
    if (auto added = add_namespace(ns); !added) return added;
    // The hub's end is named by port number: member names may be longer than an interface's 15.
    const std::string port = "port" + std::to_string(next_port_++);
    for (const auto& step : std::vector<std::vector<std::string>>{
             {"-n", hub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns},
             {"-n", hub, "link", "set", port, "master", bridge},
             {"-n", hub, "link", "set", port, "up"},
             {"-n", ns, "address", "add", address, "dev", "eth0"},
             {"-n", ns, "link", "set", "eth0", "up"}}) {
        if (auto done = ip(step); !done) return done;
    }
    return ok_status();
}

void NetnsNetwork::destroy() {
    // Members first, the hub last: nothing is left half-attached to a bridge that is gone.
    for (auto it = created_.rbegin(); it != created_.rend(); ++it)
        kill_and_delete(ip_, *it);
    created_.clear();
}

}  // namespace bramble::test
