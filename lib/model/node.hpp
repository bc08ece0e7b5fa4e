// A node as its execd reports it, and the scheduler's view of what is in use there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bramble {

// What a node is: detected by hwloc, possibly narrowed by --cores/--memory so that one machine can
// pose as several small nodes.
struct NodeInventory {
    std::string name;      // the node's name in the cluster (pi01)
    std::string hostname;  // what the node's gethostname() says (PE_HOSTFILE uses it)
    std::string arch;      // Grid Engine's ARC: lx-amd64, lx-arm64, lx-armhf
    int cores = 0;         // slots: one per core
    int sockets = 0;
    int threads = 0;           // hardware threads (PUs)
    std::uint64_t memory = 0;  // bytes
    // Where other execds reach this node's execd (qrsh -inherit): the address its link to the
    // scheduler leaves from, and the port it listens on (0 = it does not listen).
    std::string execd_address;
    int execd_port = 0;
    // How the node holds jobs to their memory and cores ("cgroup-v2(memory,cpuset)", "rss-watch":
    // see execd/cgroup_layout.hpp); qhost -F and qstat -j show it.
    std::string enforcement;
};

// A node's dynamic state, as heartbeats report it.
struct NodeLoad {
    double load_avg = 0;            // 1-minute load average
    std::uint64_t memory_used = 0;  // bytes in use on the node
    std::uint64_t swap_total = 0;
    std::uint64_t swap_used = 0;
};

}  // namespace bramble
