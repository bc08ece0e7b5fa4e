// Starting one qrsh -inherit command on this node: as the job's owner (uid, gid and groups), in its
// own process group, bound to the CPUs of the job's cores here as the shepherd binds (saying so on
// its stderr when it cannot), with stdin from /dev/null and stdout and stderr on pipes the execd
// reads. The words run through /bin/sh -c, as ssh and Grid Engine's qrsh run them.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "execd/core_map.hpp"
#include "execd/job_cgroup.hpp"
#include "execd/job_share.hpp"
#include "model/result.hpp"

namespace bramble::execd {

struct CommandLaunch {
    uid_t uid = 0;  // the job's owner
    std::string node;
    std::string command;
    EnvList env;             // completed with HOME, USER, LOGNAME, SHELL and PATH when missing
    std::string cwd;         // empty or missing: the owner's home directory
    std::vector<int> cores;  // the job's logical cores here
    CoreMap core_map;        // this node's core index -> OS CPUs (see core_map.hpp)
    JobCgroup cgroup;        // the job's group here, joined before the command runs; may be empty
};

struct StartedCommand {
    pid_t pid = -1;  // also the process group
    int out = -1;    // read ends, close-on-exec
    int err = -1;
};

// Forks and execs the command. Everything that allocates or looks up accounts happens before the
// fork (the execd may have threads); an error names the node and the reason.
Result<StartedCommand> start_command(const CommandLaunch& launch);

}  // namespace bramble::execd
