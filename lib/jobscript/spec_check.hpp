// check_job_spec: every field of a JobSpec against the limits bramble accepts, as if no qsub had
// looked at it. qsub runs it before sending (so a user hears the same words locally) and the
// scheduler runs it on every submission and on every job qalter changed, because a raw client can
// send any JobSpec at all. Pure: no I/O, no config (the cluster's own limits, such as the queue's
// max_walltime and the PEs' max_slots, are the scheduler's to check).
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/job_spec.hpp"
#include "model/result.hpp"

namespace bramble::jobscript {

// A script is text a person wrote. 4 MiB keeps a whole submission (escaped as JSON, with its
// environment) inside one 8 MiB frame (wire/frame.hpp).
inline constexpr std::size_t kMaxScriptBytes = std::size_t{4} * 1024 * 1024;
inline constexpr std::size_t kMaxEnvVars = 4096;
inline constexpr std::size_t kMaxEnvBytes = std::size_t{1024} * 1024;  // names and values
inline constexpr std::size_t kMaxArgs = 4096;
inline constexpr std::size_t kMaxArgBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kMaxPathBytes = 4096;  // PATH_MAX
inline constexpr std::size_t kMaxListItems =
    1024;  // -l names, node patterns, GPIO lines, -hold_jid
inline constexpr std::size_t kMaxValueBytes = 1024;  // one -l value, one -hold_jid item
inline constexpr int kMaxArrayTasks = 75000;         // Grid Engine's default max_aj_tasks
inline constexpr std::int64_t kMaxWalltime = std::int64_t{10} * 366 * 24 * 3600;  // ten years
inline constexpr std::uint64_t kMaxMemory = std::uint64_t{1} << 50;               // 1P

// The first field out of bounds, named as the user wrote it, with the value (escaped) and the
// range that would be valid: `priority -2147483648 is out of range: priorities are -1023..1024`.
Status check_job_spec(const JobSpec& spec);

// The tasks an array job has (1 for a job that is not an array). Assumes check_job_spec passed.
int task_count(const JobSpec& spec);

}  // namespace bramble::jobscript
