// The whole of qsub's reading of a submission: argv, the job file (YAML, #$ script or -b y
// command) or standard input, the submit directory and environment -> one validated JobSpec.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "jobscript/qsub_flags.hpp"
#include "model/job_spec.hpp"
#include "model/result.hpp"

namespace bramble::jobscript {

struct SubmitContext {
    std::vector<std::string> args;                    // argv without the program name
    SubmitEnvironment env;                            // cwd and the whole environment
    std::string hostname;                             // becomes spec.submit_host (SGE_O_HOST)
    std::function<Result<std::string>()> read_stdin;  // the script when none is named or it is "-"
};

struct Submission {
    JobSpec spec;
    bool terse = false;  // -terse: print only the job id
    bool help = false;   // -help: print usage; spec is empty
    bool sync = false;   // -sync y: wait for the job, exit with its status
};

// What was wrong with a refused submission, for qsub's exit status: Grid Engine exits 2 for an
// option it cannot take and 14 for a script file it cannot read (other refusals exit 1).
enum class SubmitFault { option, script_file, other };

// Precedence, lowest first: the job file (YAML keys or #$ directives), then the command line.
// Job files ending in .yaml/.yml are YAML jobs; other files and standard input are scripts whose
// #$ lines are read (prefix from -C); with -b y the first word after the options is the command.
// Words after the job file are its arguments. The script text is read now and kept in spec.script.
// Errors read like `job.yaml:7: key 'slots': must be a positive integer, got -3` or
// `run.sh:4: option -t: task range '0-9' ...`; qsub prefixes them with "qsub: ".
// When `fault` is given, a refusal also says which kind it was.
Result<Submission> parse_submission(const SubmitContext& context, SubmitFault* fault = nullptr);

}  // namespace bramble::jobscript
