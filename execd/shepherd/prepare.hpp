// Everything the shepherd works out before forking the job: the owner, the working directory, the
// output files, the job's TMPDIR, the script file, PE_HOSTFILE, the environment and the command.
#pragma once

#include <string>
#include <vector>

#include "execd/job_cgroup.hpp"
#include "execd/job_dir.hpp"
#include "execd/shepherd/account.hpp"
#include "execd/shepherd/interpreter.hpp"
#include "execd/shepherd/job_env.hpp"

namespace bramble::shepherd {

// A job that cannot start: Grid Engine's failure code and a sentence for the user.
struct Failure {
    int code = 0;
    std::string reason;
};

struct Prepared {
    execd::LaunchSpec launch;
    Account account;
    RunContext run;
    Command command;
    std::vector<std::string> envp;
    std::uint64_t memory_limit = 0;  // bytes granted on this node; 0 = none to enforce
    execd::JobCgroup cgroup;         // the job's group; empty: memory is watched by polling
    std::string cgroup_note;         // why the job has no group although the node has cgroups
};

// The start of the per-job TMPDIR's name: <id>.<task>.<queue>, as Grid Engine names it. The
// TMPDIR is <tmpdir>/bramble/<prefix>.<random>: Grid Engine's name alone, in a folder every user
// could write, let a user prepare another's TMPDIR (and the programs first on its PATH).
std::string job_tmpdir_prefix(const execd::LaunchSpec& launch);

// Reads the job directory and sets it up. Creates the TMPDIR (owned by the user, 0700), the
// script (0700) and pe_hostfile; on failure nothing needs undoing but the TMPDIR, which
// remove_job_tmpdir handles whether or not it was made. A TMPDIR parent that is a link, not
// root's, or writable by others fails the job with that reason.
struct PrepareOutcome {
    bool ok = false;
    Prepared prepared;
    Failure failure;
};
PrepareOutcome prepare_job(const std::string& job_dir, const execd::LaunchSpec& launch);

// Removes the job's control group (after the job and everything it started are gone).
void remove_job_cgroup(const Prepared& prepared);

// Removes the TMPDIR recursively through directory descriptors, never following a link, so a job
// that swaps its files for links to others' cannot trick root into deleting anything outside it.
void remove_job_tmpdir(const Prepared& prepared);

}  // namespace bramble::shepherd
