// Array jobs (-t 1-100:2): each task is a job of its own inside the scheduler, under an internal
// id that carries the array job's id and the task number, so that every part of bramble that keys
// jobs by id (the queue, the spool, the execd link) handles tasks unchanged. What users see is the
// array job's id and the task number: qstat's job-ID and ja-task-ID, JOB_ID and SGE_TASK_ID.
#pragma once

#include <cstdint>
#include <string>

#include "model/job.hpp"

namespace bramble {

inline constexpr JobId kTaskFlag = JobId{1} << 63;
inline constexpr int kTaskBits = 20;
inline constexpr int kMaxTaskNumber = (1 << kTaskBits) - 1;  // 1,048,575

// The internal id of task `task` (1..kMaxTaskNumber) of array job `array`.
constexpr JobId task_job_id(JobId array, int task) {
    return kTaskFlag | (array << kTaskBits) | static_cast<JobId>(task);
}

constexpr bool is_array_task(JobId id) {
    return (id & kTaskFlag) != 0;
}

// The job id people see: the array job's for a task, the id itself otherwise.
constexpr JobId visible_job_id(JobId id) {
    return is_array_task(id) ? (id & ~kTaskFlag) >> kTaskBits : id;
}

// The task number, or 0 for a job that is not an array task.
constexpr int task_number(JobId id) {
    return is_array_task(id) ? static_cast<int>(id & static_cast<JobId>(kMaxTaskNumber)) : 0;
}

// "42", or "42.3" for task 3 of array job 42, as qdel and qstat -j accept it.
inline std::string job_id_text(JobId id) {
    return is_array_task(id)
               ? std::to_string(visible_job_id(id)) + "." + std::to_string(task_number(id))
               : std::to_string(id);
}

}  // namespace bramble
