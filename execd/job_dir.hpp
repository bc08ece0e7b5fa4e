// The job directory: the only thing an execd and a shepherd share. The execd writes job.json and
// starts a shepherd on the directory; the shepherd records its pid, runs the job and leaves
// exit.json behind. Everything here survives either process dying, so a restarted execd can
// rebuild its view from the files alone.
#pragma once

#include <map>
#include <string>

#include "execd/cgroup_layout.hpp"
#include "execd/core_map.hpp"
#include "model/job.hpp"
#include "model/result.hpp"

namespace bramble::execd {

inline constexpr const char* kActiveJobs = "active_jobs";  // below the spool: one folder per job
inline constexpr const char* kJobFile = "job.json";
inline constexpr const char* kExitFile = "exit.json";
inline constexpr const char* kPidFile = "shepherd.pid";
inline constexpr const char* kKillReasonFile = "kill.reason";
inline constexpr const char* kScriptFile = "script";
inline constexpr const char* kPeHostfile = "pe_hostfile";
inline constexpr const char* kShepherdLog = "shepherd.log";

// Grid Engine's failure codes (accounting's `failed` field) as bramble uses them.
inline constexpr int kFailedBeforeJob = kFailedNodeSetup;  // could not set the job up at all
inline constexpr int kFailedOutputFile = 26;               // stdout/stderr file could not be opened
inline constexpr int kFailedShell = 27;                    // interpreter or command not found
inline constexpr int kFailedWorkdir = 28;                  // working directory missing or forbidden
inline constexpr int kFailedLimit = 37;                    // walltime exceeded
inline constexpr int kFailedKilled = 100;                  // killed, or ended without a trace

// The shepherd's own exit status when it could not even write to the job directory (its pid file,
// the room for the exit record): the job never ran, and the reason is the last line of
// shepherd.log.
inline constexpr int kShepherdSetupFailed = 3;

// An interactive job's (qrsh CMD) stdin, stdout and stderr: pipes to the execd, which relays them
// to the attached qrsh, handed to the shepherd as these descriptors instead of files.
inline constexpr int kInteractiveStdin = 3;
inline constexpr int kInteractiveStdout = 4;
inline constexpr int kInteractiveStderr = 5;

// What a shepherd needs to run its part of a job.
struct LaunchSpec {
    Job job;
    std::string queue;     // cluster queue name (QUEUE, PE_HOSTFILE, TMPDIR's name)
    std::string node;      // this node's name in the cluster (BRAMBLE_NODE)
    std::string hostname;  // this node's host name (HOSTNAME, PE_HOSTFILE)
    std::string tmpdir;    // where per-job TMPDIRs are made
    std::map<std::string, std::string> hosts;   // node name -> host name, for PE_HOSTFILE
    std::string gpio_chip;                      // the GPIO chip of the lines the job holds
    std::map<std::string, int> gpio_lines;      // line name -> offset on the chip
    std::map<std::string, std::string> execds;  // node name -> "address:port" of its execd
    Binding binding;     // this node's granted cores and the CPUs the job is bound to
    CgroupBase cgroups;  // where the job's control group is made (none: the shepherd watches)
};

// Writes `text` to `path` through a temporary file and rename, so readers never see half of it.
// Private by default: a job directory's files (the script and environment in job.json above all)
// are for root and the job's owner only, and the owner gets theirs through files made for them.
Status write_file_atomically(const std::string& path, const std::string& text, int mode = 0600);
Result<std::string> read_text_file(const std::string& path);

Status write_launch_spec(const std::string& dir, const LaunchSpec& launch);
Result<LaunchSpec> read_launch_spec(const std::string& dir);

// Claims the disk space of the exit record before the job runs (exit.json.tmp, preallocated),
// so that a job ending while its node's disk is full still has its real status recorded.
Status reserve_exit_record(const std::string& dir);
// Writes the record into the reserved space (or new space, when none was reserved) and renames it.
Status write_exit_record(const std::string& dir, const ExitRecord& exit);
// The exit record, or an error when the file is missing or unreadable.
Result<ExitRecord> read_exit_record(const std::string& dir);

}  // namespace bramble::execd
