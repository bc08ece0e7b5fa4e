// drmaa_wait's and drmaa_synchronize's patience: ask the scheduler which of the jobs have left
// its active list, one request for all of them, pausing 0.1 s, then twice as long each time up
// to 2 s (as qsub -sync y does), and never past the caller's timeout.
#pragma once

#include <string>
#include <vector>

#include "c_boundary.hpp"

namespace bramble::drmaa {

// timeout: seconds, DRMAA_TIMEOUT_WAIT_FOREVER (-1) or DRMAA_TIMEOUT_NO_WAIT (0).
// The first of `ids` (in their order) found finished; EXIT_TIMEOUT when none finishes in time.
Answer wait_for_any(const std::string& contact, const std::vector<std::string>& ids, long timeout,
                    std::string& finished);

// Waits until every one of `ids` has finished; EXIT_TIMEOUT when some have not in time.
Answer wait_for_all(const std::string& contact, std::vector<std::string> ids, long timeout);

}  // namespace bramble::drmaa
