// What to exec for a job: the -S shell, else the script's own #! line, else /bin/sh; a binary job
// (-b y) is its command line, found on PATH.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/job_spec.hpp"

namespace bramble::shepherd {

// The interpreter a "#!" first line names (its first word), or nothing without one.
std::optional<std::string> shebang_interpreter(std::string_view script);

struct Command {
    std::string program;  // what execve/execvp gets
    std::vector<std::string> argv;
    bool search_path = false;  // binary jobs: execvp, so "hostname" works like in a shell
    std::string interpreter;   // must exist, else the job fails with 27 (empty: nothing to check)
};

// `script_file` is where the shepherd wrote the script, executable.
Command choose_command(const JobSpec& spec, const std::string& script_file);

}  // namespace bramble::shepherd
