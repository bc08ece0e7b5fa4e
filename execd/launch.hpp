// The execd's process side of a job: making its directory, starting its shepherd, and telling
// whether a shepherd found after a restart is still ours and alive.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "execd/job_dir.hpp"
#include "model/result.hpp"

namespace bramble::execd {

// Creates <dir> (mode 0711, refusing one that is a link or not this process's user's) and
// writes job.json (0600: it holds the script and the environment).
Status prepare_job_dir(const std::string& dir, const LaunchSpec& launch);

// An interactive job's ends of the execd's pipes, which the shepherd gets as kInteractiveStdin,
// kInteractiveStdout and kInteractiveStderr; -1 for a batch job.
struct ShepherdStdio {
    int in = -1;
    int out = -1;
    int err = -1;
};

// Forks and execs `shepherd dir` in a new session, stdin /dev/null, stdout and stderr appended
// to <dir>/shepherd.log, and `stdio` passed on when given. The child only makes
// async-signal-safe calls before exec.
Result<pid_t> spawn_shepherd(const std::string& shepherd, const std::string& dir,
                             const ShepherdStdio& stdio = {});

// The pid in <dir>/shepherd.pid, if that process is alive and is the shepherd of `dir`
// (its command line names the directory, so a reused pid is not mistaken for it).
pid_t live_shepherd(const std::string& dir);
bool shepherd_alive(pid_t pid, const std::string& dir);

// "exit 3", "signal 9": how a child ended, for log lines and failure reasons.
std::string describe_wait_status(int status);

// The record for a job that ended without its shepherd's exit record.
ExitRecord failure_record(int failed, const std::string& reason, const std::string& host);

}  // namespace bramble::execd
