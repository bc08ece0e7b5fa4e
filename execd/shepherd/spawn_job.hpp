// Starting the job's process: its owner's groups and ids, its control group, working directory,
// stdio files and CPUs, then exec. Everything is worked out before a vfork and the child only makes
// system calls: it shares the shepherd's memory until it execs, so none of the shepherd's pages is
// copied. (With fork, the copy-on-write faults and TLB flushes that followed were the largest part
// of what a short job cost the node.)
#pragma once

#include <sys/types.h>

#include "execd/shepherd/prepare.hpp"

namespace bramble::shepherd {

struct SpawnedJob {
    pid_t pid = -1;   // the job's process (also its process group); -1 when none was made
    Failure failure;  // set when the job could not be started (the process, if any, has exited)
};

SpawnedJob spawn_job(const Prepared& prepared);

}  // namespace bramble::shepherd
