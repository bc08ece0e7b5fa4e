// A listing (JobsReply) written straight to its JSON text, row after row, without building a JSON
// document first: with 10,000 jobs queued the document's allocations were most of what a listing
// cost the scheduler. The text is the one codec.cpp's reader takes (see the row layout there).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "wire/messages.hpp"

namespace bramble::wire {

// A listing's priority and its parts travel as integers of this many parts: qstat prints five
// decimals.
inline constexpr double kScoreScale = 100000.0;

// The most rows a listing's runs may stand for once read back: more than any cluster queues, and a
// bound on what a reader allocates for a reply of a few megabytes.
inline constexpr std::size_t kMaxListedRows = std::size_t{1024} * 1024;

// How many of the rows after reply.jobs[first] travel with it as one: array tasks that follow it
// by their -t step and are equal to it but for the id (waiting tasks of one array, as Grid
// Engine keeps them as a range). 100,000 waiting tasks are then one row, not 9.6 MB.
std::size_t run_after(const std::vector<JobRow>& rows, std::size_t first);

// {"jobs":[[...],...],"type":"jobs","v":N}; a row that stands for a run has a 21st field, the
// number of tasks after it.
std::string encode_jobs_listing(const JobsReply& reply);

}  // namespace bramble::wire
