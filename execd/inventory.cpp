// hwloc inventory and Grid Engine architecture names (see inventory.hpp).
#include "execd/inventory.hpp"

#include <hwloc.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "model/units.hpp"

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

Result<NodeInventory> detect_inventory(const std::string& name) {
    hwloc_topology_t topology = nullptr;
    if (hwloc_topology_init(&topology) != 0)
        return make_error("hwloc cannot initialise a topology");
    if (hwloc_topology_load(topology) != 0) {
        hwloc_topology_destroy(topology);
        return make_error("hwloc cannot read this machine's topology");
    }
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
    hwloc_topology_destroy(topology);
    return node;
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
