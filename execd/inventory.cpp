// hwloc inventory and Grid Engine architecture names (see inventory.hpp).
#include "execd/inventory.hpp"

#include <fcntl.h>
#include <hwloc.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <nlohmann/json.hpp>

#include "model/units.hpp"
#include "wire/json_model.hpp"

namespace bramble::execd {

std::string ge_arch(std::string_view machine) {
    if (machine == "x86_64" || machine == "amd64") return "lx-amd64";
    if (machine == "aarch64" || machine == "arm64") return "lx-arm64";
    if (machine.starts_with("armv")) return "lx-armhf";
    if (machine == "i686" || machine == "i386") return "lx-x86";
    return "lx-" + std::string(machine);
}

std::string short_hostname() {
    char name[HOST_NAME_MAX + 1] = {};
    ::gethostname(name, sizeof name - 1);
    std::string host = name;
    return host.substr(0, host.find('.'));
}

namespace {

// The OS ids of the PUs in `set`.
std::vector<int> os_cpus(hwloc_const_cpuset_t set) {
    std::vector<int> cpus;
    for (int id = hwloc_bitmap_first(set); id >= 0; id = hwloc_bitmap_next(set, id))
        cpus.push_back(id);
    return cpus;
}

// Core i in hwloc's logical order -> its PUs. A machine whose cores hwloc cannot see is one core
// holding every PU, as its inventory counts it.
CoreMap core_map_of(hwloc_topology_t topology) {
    CoreMap map;
    const int cores = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_CORE);
    for (int i = 0; i < cores; ++i) {
        const hwloc_obj_t core =
            hwloc_get_obj_by_type(topology, HWLOC_OBJ_CORE, static_cast<unsigned>(i));
        map.push_back(os_cpus(core->cpuset));
    }
    if (map.empty()) map.push_back(os_cpus(hwloc_get_root_obj(topology)->cpuset));
    return map;
}

NodeInventory inventory_of(hwloc_topology_t topology, const std::string& name) {
    NodeInventory node;
    node.name = name;
    char host[HOST_NAME_MAX + 1] = {};
    ::gethostname(host, sizeof host - 1);
    node.hostname = host;
    utsname uts{};
    ::uname(&uts);
    node.arch = ge_arch(uts.machine);
    node.cores = std::max(1, hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_CORE));
    node.sockets = std::max(1, hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PACKAGE));
    node.threads = std::max(node.cores, hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PU));
    node.memory = hwloc_get_root_obj(topology)->total_memory;
    return node;
}

}  // namespace

Result<Machine> detect_machine(const std::string& name) {
    hwloc_topology_t topology = nullptr;
    if (hwloc_topology_init(&topology) != 0)
        return make_error("hwloc cannot initialise a topology");
    if (hwloc_topology_load(topology) != 0) {
        hwloc_topology_destroy(topology);
        return make_error("hwloc cannot read this machine's topology");
    }
    Machine machine{inventory_of(topology, name), core_map_of(topology)};
    hwloc_topology_destroy(topology);
    return machine;
}

Result<NodeInventory> detect_inventory(const std::string& name) {
    auto machine = detect_machine(name);
    if (!machine) return machine.error();
    return machine->inventory;
}

namespace {

// The child's answer on the pipe: {"inventory": ..., "cores": [[cpu, ...], ...]} as JSON, or
// {"error": "..."}.
[[noreturn]] void answer_from_child(int fd, const std::string& name) {
    auto machine = detect_machine(name);
    nlohmann::json answer;
    if (machine) {
        answer["inventory"] = machine->inventory;
        answer["cores"] = machine->cores;
    } else {
        answer["error"] = machine.message();
    }
    const std::string text = answer.dump();
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0 && errno != EINTR) break;
        if (n > 0) done += static_cast<std::size_t>(n);
    }
    ::_exit(done == text.size() ? 0 : 1);
}

std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            text.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            return text;
        }
    }
}

}  // namespace

Result<Machine> detect_machine_in_child(const std::string& name) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return make_error(std::string("cannot create a pipe for the inventory: ") +
                          std::strerror(errno));
    }
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return make_error(std::string("cannot fork for the inventory: ") + std::strerror(errno));
    }
    if (child == 0) {
        ::close(fds[0]);
        answer_from_child(fds[1], name);
    }
    ::close(fds[1]);
    const std::string text = read_all(fds[0]);
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    const auto answer = nlohmann::json::parse(text, nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
        return make_error("the inventory process ended without an answer (status " +
                          std::to_string(status) + ")");
    }
    if (answer.contains("error")) return make_error(answer["error"].get<std::string>());
    try {
        return Machine{answer.at("inventory").get<NodeInventory>(),
                       answer.at("cores").get<CoreMap>()};
    } catch (const nlohmann::json::exception& error) {
        return make_error(std::string("the inventory process answered nonsense: ") + error.what());
    }
}

Result<NodeInventory> detect_inventory_in_child(const std::string& name) {
    auto machine = detect_machine_in_child(name);
    if (!machine) return machine.error();
    return machine->inventory;
}

Result<NodeInventory> narrow_inventory(NodeInventory machine, int cores, std::uint64_t memory) {
    if (cores < 0) return make_error("--cores must be positive, not " + std::to_string(cores));
    if (cores > machine.cores) {
        return make_error("--cores " + std::to_string(cores) + " is more than this machine's " +
                          std::to_string(machine.cores) + " cores");
    }
    if (memory > machine.memory) {
        return make_error("--memory " + format_memory(memory) + " is more than this machine's " +
                          format_memory(machine.memory));
    }
    if (cores > 0) {
        machine.threads = std::max(1, machine.threads * cores / machine.cores);
        machine.sockets = std::min(machine.sockets, cores);
        machine.cores = cores;
    }
    if (memory > 0) machine.memory = memory;
    return machine;
}

}  // namespace bramble::execd
