// Starting the job (spawn_job.hpp) and waiting for it: the walltime and memory limits,
// a kill request from the execd (SIGTERM), and the cleanup of everything the job left running.
#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <string>

#include "execd/shepherd/prepare.hpp"

namespace bramble::shepherd {

struct JobOutcome {
    bool started = false;
    Failure failure;  // set when the job never got to exec (26, 27, 28, ...) or was killed
    int wait_status = 0;
    rusage usage{};
    std::int64_t start_time = 0;  // epoch seconds
    double wall_seconds = 0;
};

// Runs the prepared job to its end. `kill_reason_file` is read when the execd asks for a kill,
// so the exit record says why.
JobOutcome run_job(const Prepared& prepared, const std::string& kill_reason_file);

}  // namespace bramble::shepherd
