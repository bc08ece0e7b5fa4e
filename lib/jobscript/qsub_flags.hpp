// Grid Engine qsub options -> changes to a JobSpec. The same code reads command-line words,
// `#$` directive words and -@ options files, so an option means the same wherever it is written.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "jobscript/env_list.hpp"
#include "model/job_spec.hpp"
#include "model/result.hpp"

namespace bramble::jobscript {

// The submit side: where qsub runs and with which environment (for -cwd, -wd, -V, -v, -@).
struct SubmitEnvironment {
    std::string cwd;                                        // absolute
    std::vector<std::pair<std::string, std::string>> vars;  // the whole environment, in order
};

// Where option words come from. Directives and options files name their file and line in errors.
struct WordSource {
    enum class Kind { command_line, directive, options_file };
    Kind kind = Kind::command_line;
    std::string file;
    int line = 0;
};

// What the options build up: the job, plus the options that steer qsub itself.
struct QsubOptions {
    JobSpec spec;
    bool terse = false;                   // -terse: print only the job id
    bool sync = false;                    // -sync y: wait for the job and exit with its status
    bool help = false;                    // -help: print usage, submit nothing
    std::string directive_prefix = "#$";  // -C
    bool soft = false;  // between -soft and -hard: requests are preferences, which we ignore
    int options_file_depth = 0;  // -@ nesting, bounded so a file naming itself cannot loop
    // -@ reads a file. The tools read them as the user; the scheduler, running as root, sets this
    // to false and refuses -@ rather than open a path a user chose.
    bool files_allowed = true;
    EnvIndex env_index;  // spec.env's names (env_list.hpp): -v and -V cost what they add
};

// Applies the options in `words`. On the command line it stops at the first word that is not an
// option (the script, `-` for standard input, or the -b y command) and returns its index
// (words.size() when there is none). In a directive or options file every word must belong to an
// option. Unknown options, options of later milestones and bad values are errors naming the
// source's file and line and the option ("job.sh:4: option -pe: must be a positive integer, got
// 0").
Result<std::size_t> apply_qsub_options(QsubOptions& options, const std::vector<std::string>& words,
                                       const WordSource& source, const SubmitEnvironment& env);

// `words` with every `-@ FILE` replaced by the option words FILE holds (nested files too, comments
// dropped), read by the caller as the user: what qalter sends, so the scheduler reads no file.
Result<std::vector<std::string>> expand_options_files(const std::vector<std::string>& words,
                                                      const std::string& cwd);

}  // namespace bramble::jobscript
