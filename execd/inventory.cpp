// The machine as hwloc sees it (see inventory.hpp); only bramble-inventory links this.
#include "execd/inventory.hpp"

#include <hwloc.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <nlohmann/json.hpp>

#include "model/units.hpp"
#include "wire/json_model.hpp"

namespace bramble::execd {

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

std::string machine_report(const std::string& name) {
    auto machine = detect_machine(name);
    nlohmann::json answer;
    if (machine) {
        answer["inventory"] = machine->inventory;
        answer["cores"] = machine->cores;
    } else {
        answer["error"] = machine.message();
    }
    return answer.dump();
}

}  // namespace bramble::execd
