// Finding and killing a job's processes. The shepherd is a child subreaper, so anything a job
// leaves behind -- even a process that left the job's process group and double-forked -- is
// reparented to the shepherd and stays reachable by walking /proc from the shepherd's pid.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

namespace bramble::shepherd {

// The parent pid from the text of /proc/<pid>/stat, or -1 when it cannot be parsed. (The command
// name may hold spaces and parentheses; the fields resume after the last ')'.)
pid_t parent_from_stat(std::string_view stat);

// Every process below `ancestor`, given a pid -> parent map.
std::vector<pid_t> descendants(pid_t ancestor, const std::map<pid_t, pid_t>& parents);

// pid -> parent for every process /proc shows.
std::map<pid_t, pid_t> read_process_parents();

// The resident memory of every process below `ancestor`, in bytes (the fallback memory limit where
// no control group counts it).
std::uint64_t resident_bytes_below(pid_t ancestor);

// SIGKILL to the job's process group and to every descendant of this process.
void kill_job_processes(pid_t job_pgid);

}  // namespace bramble::shepherd
