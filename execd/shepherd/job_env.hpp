// The environment a job starts with, under Grid Engine's names. Nothing is inherited from the
// execd: a job sees what its spec and the node say, the same on every node.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "execd/job_dir.hpp"

namespace bramble::shepherd {

using Environment = std::vector<std::pair<std::string, std::string>>;

// The facts about this run that are not in the LaunchSpec.
struct RunContext {
    std::string user;
    std::string home;
    std::string shell;  // the owner's login shell
    std::string workdir;
    std::string job_tmpdir;  // <tmpdir>/bramble/<id>.<task>.<queue>.<random>
    std::string job_dir;     // the execd's directory for this run: SGE_JOB_SPOOL_DIR
    std::string script_file;
    std::string stdout_path;
    std::string stderr_path;
    std::string pe_hostfile;  // empty for a serial job
};

Environment build_job_environment(const execd::LaunchSpec& launch, const RunContext& run);

// "NAME=value" strings for execve.
std::vector<std::string> to_envp(const Environment& environment);

}  // namespace bramble::shepherd
