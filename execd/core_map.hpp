// Core binding without hwloc. The planner grants logical core indices 0..cores-1 of a node; the
// execd turns them into the OS CPU ids (PUs) of those cores with a table it takes once, with
// hwloc, at start (inventory.hpp), so neither the shepherd nor a qrsh -inherit command loads
// hwloc. Both bind the same way: the plan below, then sched_setaffinity before exec. A job whose
// CPUs this machine does not allow (a container's cpuset) still runs, unbound, and says why.
#pragma once

#include <sched.h>

#include <string>
#include <vector>

namespace bramble::execd {

// Core index -> the OS CPU ids of that core's hardware threads, in hwloc's logical core order.
// A node narrowed with --cores keeps the first N cores, so several execds posing as nodes on one
// machine all map their core i to the machine's core i: the nodes overlap, which is the
// simulation, not a fault.
using CoreMap = std::vector<std::vector<int>>;

// What a job's part on one node is bound to.
struct Binding {
    std::vector<int> cores;      // the granted logical cores, as qstat -j shows them
    std::vector<int> cpus;       // the OS CPUs bound to; empty when the job runs unbound
    std::string unbound_reason;  // why it runs unbound, for the job's log; empty when bound

    [[nodiscard]] bool bound() const { return !cpus.empty(); }
};

// `cores` entries of `map` (0 = all) from entry `first` on, wrapping around, as
// narrow_inventory() narrows the node. Execds posing as several nodes on one machine give each
// node its own `first`, so that their jobs do not all run on the machine's first cores.
CoreMap narrow_core_map(CoreMap map, int cores, int first = 0);

// The binding of `cores` on node `node`: their CPUs from `map`, when every one is in `allowed`
// (the CPUs this process may run on); otherwise unbound, with the reason.
Binding plan_binding(const CoreMap& map, const std::vector<int>& cores,
                     const std::vector<int>& allowed, const std::string& node);

// The CPUs this process may run on (its affinity mask); empty when it cannot be read.
std::vector<int> allowed_cpus();

// "0,1,4": the list as BRAMBLE_CORES and BRAMBLE_CPUS carry it.
std::string number_list(const std::vector<int>& numbers);

// The mask for sched_setaffinity, made before a fork so the child only makes the system call.
cpu_set_t cpu_set_of(const std::vector<int>& cpus);

}  // namespace bramble::execd
