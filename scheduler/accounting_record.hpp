// A finished job as Grid Engine's accounting keeps it: the one shape that qacct reads over the
// socket and the accounting file holds as a line, so that both always say the same. Pure.
#pragma once

#include <string>

#include "model/job.hpp"
#include "wire/messages.hpp"

namespace bramble::scheduler {

// Whether a finished job has anything to account for: it was placed on a node. A job deleted
// while it waited never ran, and Grid Engine writes no record for it.
bool has_accounting(const Job& job);

// `queue` is the cluster queue's name (all.q).
wire::AccountingRecord accounting_record(const Job& job, const std::string& queue);

}  // namespace bramble::scheduler
