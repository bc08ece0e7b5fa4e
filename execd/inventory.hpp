// What this node is: cores, sockets, hardware threads and memory from hwloc, the architecture in
// Grid Engine's ARC naming, the table from core index to OS CPUs that core binding uses, and the
// narrowing that lets one machine pose as several small nodes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "execd/core_map.hpp"
#include "model/node.hpp"
#include "model/result.hpp"

namespace bramble::execd {

// Grid Engine's ARC for a uname machine string: x86_64 -> lx-amd64, aarch64 -> lx-arm64,
// armv7l/armv6l -> lx-armhf; anything else lx-<machine>.
std::string ge_arch(std::string_view machine);

// The short host name (up to the first dot).
std::string short_hostname();

// The whole machine as hwloc sees it: the inventory and the CPUs of each core. `name` is the
// node's cluster name.
struct Machine {
    NodeInventory inventory;
    CoreMap cores;
};
Result<Machine> detect_machine(const std::string& name);

// The inventory part of detect_machine().
Result<NodeInventory> detect_inventory(const std::string& name);

// detect_machine()'s answer as JSON: {"inventory": ..., "cores": [[cpu, ...], ...]}, or
// {"error": "..."}. bramble-inventory prints it.
std::string machine_report(const std::string& name);

// The machine as `inventory_program` (bramble-inventory) reports it, run as a child: the execd
// itself never loads hwloc (see inventory_main.cpp). Errors say what went wrong with the program.
Result<Machine> probe_machine(const std::string& inventory_program, const std::string& name);

// The node as presented: at most `cores` cores and `memory` bytes (0 = all). Asking for more
// than the machine has is refused, naming both numbers.
Result<NodeInventory> narrow_inventory(NodeInventory machine, int cores, std::uint64_t memory);

}  // namespace bramble::execd
