// A job as the scheduler keeps it: the spec, its owner, its state and where it runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/allocation.hpp"
#include "model/job_spec.hpp"
#include "model/job_state.hpp"

namespace bramble {

using JobId = std::uint64_t;

// Who submitted the job; the uid comes from the kernel (SO_PEERCRED), never from the client.
struct Owner {
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::string user;
    std::string group;
};

// How a job ended, written by the shepherd. Grid Engine's conventions: exit_status is the exit
// code, or 128 + signal; failed is Grid Engine's failure code (0 = ran, 26 = output file could not
// be opened, 27 = shell not found, 28 = working directory missing, 37 = limit exceeded, 100 =
// killed).
// ExitRecord::failed of a job its node could not set up at all (its job directory, TMPDIR, the
// owner's account there): the job never ran, and the fault is the node's, not the job's.
inline constexpr int kFailedNodeSetup = 1;

struct ExitRecord {
    int exit_status = 0;
    int signal = 0;
    int failed = 0;
    std::string failure;  // a sentence for people when failed != 0
    double wall_seconds = 0;
    double user_seconds = 0;
    double system_seconds = 0;
    std::int64_t max_rss_kb = 0;
    // The rest of wait4's rusage that Grid Engine's accounting keeps (ru_minflt, ru_majflt,
    // ru_inblock, ru_oublock, ru_nvcsw, ru_nivcsw); 0 in records from before they were kept.
    std::int64_t minor_faults = 0;
    std::int64_t major_faults = 0;
    std::int64_t blocks_in = 0;
    std::int64_t blocks_out = 0;
    std::int64_t voluntary_switches = 0;
    std::int64_t involuntary_switches = 0;
    std::int64_t start_time = 0;  // epoch seconds
    std::int64_t end_time = 0;
    std::string host;
};

struct Job {
    JobId id = 0;
    JobSpec spec;
    Owner owner;
    JobState state = JobState::Pending;
    std::int64_t submit_time = 0;  // epoch seconds
    std::int64_t start_time = 0;   // when dispatched; 0 while pending
    std::int64_t end_time = 0;
    Allocation allocation;
    ExitRecord exit;       // valid once state is Done
    bool deleted = false;  // ended by qdel
    std::string deleted_by;
    std::string error_reason;  // why the job is in Error (Eqw)
    // -hold_jid: the jobs this one waits for, resolved to ids at submission; each leaves the list
    // when it ends. While any remain the job is not planned (qstat shows hqw).
    std::vector<JobId> waiting_for;
    // Of waiting_for, those that must end well (JobSpec::after_ok): one that fails or is deleted
    // holds this job with the reason instead.
    std::vector<JobId> after_ok;
    std::string hold_reason;  // why the scheduler held it ("dependency 41 failed: exit 1")
    std::string token;        // the submission's idempotency token
    // Nodes that were lost while they ran this job, and may still run it when they return: the job
    // is not placed there again, and what they report of it is not taken for its current run.
    std::vector<std::string> abandoned_on;
    int setup_failures = 0;  // nodes that could not set the job up (sick_node.cpp)
};

}  // namespace bramble
