// How a finished job ended, from the scheduler's accounting: what qsub -sync y reports and what
// libdrmaa's drmaa_wait and drmaa_job_ps read.
#pragma once

#include <map>
#include <string>

#include "model/job.hpp"
#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::tools {

// Task number (0 for a plain job) -> its accounting record, every page of them. `tool` names the
// caller in call_with_retry's "trying again" line; `socket` is the scheduler's.
Result<std::map<int, wire::AccountingRecord>> finished_records(const std::string& job,
                                                               const std::string& tool,
                                                               const std::string& socket);

}  // namespace bramble::tools
