// One job's control group on this node: `<node dir>/job_<id>` in each hierarchy of the node's
// CgroupBase. The shepherd makes it for the job's master part, the qrsh -inherit service for a
// part on another node; every process of the job joins it (the script, the commands qrsh starts
// here), so its memory limit covers them all, its cpuset confines them to the granted cores, and
// killing the group leaves nothing behind, whatever the processes did with their sessions.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "execd/cgroup_layout.hpp"
#include "model/job.hpp"
#include "model/result.hpp"

namespace bramble::execd {

struct JobCgroup {
    int version = 0;
    std::vector<std::string> dirs;         // the group's directory in each hierarchy
    std::string memory_dir;                // where memory is limited; empty when nowhere
    std::string cpuset_dir;                // where CPUs are confined; empty when nowhere
    std::vector<std::string> procs_files;  // dirs[i]/cgroup.procs, made before any fork

    [[nodiscard]] bool empty() const { return dirs.empty(); }
};

// The names of job `id`'s group under `base` (nothing is made; empty when base is not in use).
JobCgroup job_cgroup(const CgroupBase& base, JobId id);

// Makes the group: memory limited to `memory_limit` bytes (0 = no limit; swap not allowed on top),
// CPUs confined to `cpus` (empty = the node's). The error says which file refused what.
Status create_job_cgroup(const JobCgroup& group, std::uint64_t memory_limit,
                         const std::vector<int>& cpus);

// Moves the calling process into the group. Only system calls: safe between fork and exec. False
// when some hierarchy refused.
bool join_job_cgroup(const JobCgroup& group);

// How many of the group's processes the kernel's OOM killer ended for its memory limit.
int oom_kills(const JobCgroup& group);

// SIGKILL to every process in the group (cgroup.kill where the kernel has it).
void kill_job_cgroup(const JobCgroup& group);

// Kills what is left and removes the group; with `wait_seconds` > 0, waits that long for the
// killed processes to leave. False when a directory is still there (try again later).
bool remove_job_cgroup(const JobCgroup& group, double wait_seconds);

}  // namespace bramble::execd
