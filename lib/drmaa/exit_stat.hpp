// How a finished job ended, packed into drmaa_wait's `stat` integer and unpacked by the
// drmaa_wif* calls, and its resource usage as drmaa_wait's "name=value" list. Pure.
#pragma once

#include <string>
#include <vector>

#include "wire/messages.hpp"

namespace bramble::drmaa {

struct ExitParts {
    bool exited = false;    // the job's program ended by itself: exit_status holds its code
    bool signaled = false;  // a signal ended it: signal holds the number
    bool aborted = false;   // it never ran (deleted while queued, or its node could not start it)
    int exit_status = 0;
    int signal = 0;
};

// Grid Engine's failure codes below 37 say the job's program was never started (1 its node
// could not set it up, 26 its output file, 27 its shell, 28 its working directory).
bool never_ran(const wire::AccountingRecord& record);

// The parts of a record; a job with no record never ran.
ExitParts exit_parts(const wire::AccountingRecord* record);

int encode_stat(const ExitParts& parts);
ExitParts decode_stat(int stat);

// "SIGKILL", or the number when the signal has no name.
std::string signal_name(int signal);

// Grid Engine's rusage names, each as "name=%.4f": exit_status, signal, wallclock, ru_wallclock,
// cpu, ru_utime, ru_stime, maxvmem, ru_maxrss, the fault, block and switch counts, the times.
std::vector<std::string> rusage_entries(const wire::AccountingRecord& record);

}  // namespace bramble::drmaa
