// Where control groups are mounted, where this process sits in them, and the directories under
// which this node's jobs get groups of their own. Read once when the execd starts; the shepherd
// and the qrsh -inherit service then make one group per job below them (job_cgroup.hpp).
//
// cgroup v2 (Debian 12, Raspberry Pi OS bookworm) is preferred when it offers the memory
// controller; otherwise the v1 memory and cpuset hierarchies are used (older systems, hybrid
// layouts); otherwise none, and the shepherd watches the job's process tree instead. On Pi OS the
// memory controller is often disabled (cgroup_disable=memory), which lands in one of the last two.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bramble::execd {

struct CgroupMount {
    int version = 1;                       // 1: one hierarchy per controller set; 2: unified
    std::string path;                      // the mount point
    std::string root;                      // the part of the hierarchy mounted there, "/" usually
    std::vector<std::string> controllers;  // v1 only, from the mount's options
};

// The cgroup mounts in the text of /proc/self/mountinfo.
std::vector<CgroupMount> parse_cgroup_mounts(std::string_view mountinfo);

// This process's path in the hierarchy holding `controller` ("" = the v2 hierarchy), from the
// text of /proc/self/cgroup; empty when it is in none.
std::string own_cgroup_path(std::string_view proc_self_cgroup, std::string_view controller);

// The directories this node's job groups are made in, one per hierarchy in use.
struct CgroupBase {
    int version = 0;                // 1 or 2; 0 when no control group is used
    std::vector<std::string> dirs;  // this node's directory in each hierarchy in use (v2: one)
    std::string memory_dir;         // the one whose groups limit memory; empty when none does
    std::string cpuset_dir;         // the one whose groups confine CPUs; empty when none does
    std::string why_none;           // why no group limits memory (also said with version 1 or 2)

    [[nodiscard]] bool in_use() const { return version != 0; }
    // How this node enforces memory and cores, as qhost and qstat -j show it:
    // "cgroup-v2(memory,cpuset)", "cgroup-v1(memory)", or "rss-watch" (the shepherd polls the
    // job's process tree and kills it past its memory; affinity alone binds it).
    [[nodiscard]] std::string enforcement() const;
};

// The name of this execd's directories: "<node>.<8 hex digits of its spool path>". Execds that
// pose as nodes of several clusters on one machine (tests, demos) may share a node name; their
// spools differ. A restarted execd keeps its name, and so finds its running jobs' groups.
std::string node_group_name(const std::string& node, const std::string& spool);

// Finds the hierarchies and prepares this node's directory in each: `<own group>/bramble.<name>`.
// With v2 the execd first moves itself into the leaf `<own group>/execd.<name>` (a v2 group that
// hands controllers to its children may hold no processes), which works when the execd is alone
// in its group: as root in the root group, or as a systemd service with Delegate=yes. Never fails:
// what cannot be used is left out and said in why_none.
CgroupBase prepare_cgroups(const std::string& name, std::string_view mountinfo,
                           std::string_view proc_self_cgroup);

// The same, from this process's /proc files.
CgroupBase prepare_own_cgroups(const std::string& name);

}  // namespace bramble::execd
