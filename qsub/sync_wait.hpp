// qsub -sync y: wait for a submitted job to end and report it as Grid Engine's qsub does.
#pragma once

#include "model/job.hpp"
#include "model/job_spec.hpp"

namespace bramble::tools {

// Polls the scheduler (pauses from 0.1 s doubling to 2 s, each call patient through a scheduler
// restart) until job `id` is no longer active, then prints one line per job or task on stderr
// ("Job 7 exited with exit code 3.") and returns qsub's exit status: the first non-zero one among
// the tasks, as Grid Engine's qsub does. `spec` tells whether the job is an array and which tasks.
int wait_for_job(JobId id, const JobSpec& spec);

}  // namespace bramble::tools
