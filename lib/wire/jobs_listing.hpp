// A listing (JobsReply) written straight to its JSON text, row after row, without building a JSON
// document first: with 10,000 jobs queued the document's allocations were most of what a listing
// cost the scheduler. The text is the one codec.cpp's reader takes (see the row layout there).
#pragma once

#include <string>

#include "wire/messages.hpp"

namespace bramble::wire {

// A listing's priority and its parts travel as integers of this many parts: qstat prints five
// decimals.
inline constexpr double kScoreScale = 100000.0;

// {"jobs":[[...],...],"type":"jobs","v":N}
std::string encode_jobs_listing(const JobsReply& reply);

}  // namespace bramble::wire
