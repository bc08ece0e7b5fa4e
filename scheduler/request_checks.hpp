// What the scheduler accepts from a client before any handler sees the request: every field of
// every client request bounded and checked, as if no qsub existed (a raw client can send anything
// a frame holds). Pure: no state, no config, no I/O, so the fuzz target runs exactly this
// (tests/fuzz/fuzz_client_request.cpp). The checks that need the cluster (the queue's
// max_walltime, the PEs, who is a manager, the per-user cap) follow in the handlers.
#pragma once

#include <cstddef>
#include <string>

#include "model/job_spec.hpp"
#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::scheduler {

// Job references (ids, "42.3", names) one request may name; name references cost a scan of every
// job each, so they are bounded much more tightly.
inline constexpr std::size_t kMaxJobRefs = 100000;
inline constexpr std::size_t kMaxNameRefs = 256;
inline constexpr std::size_t kMaxUsers = 256;
inline constexpr std::size_t kMaxAlterWords = 1024;
inline constexpr std::size_t kMaxTokenBytes = 128;

// The name Grid Engine gives a job submitted without one: the command's or script's base name,
// else "STDIN".
std::string default_job_name(const JobSpec& spec);

// Fills what a client may leave out (a submission's job name), then checks the request. A
// refusal says what, where, why and what would be valid.
Status check_client_request(wire::Message& request);

}  // namespace bramble::scheduler
