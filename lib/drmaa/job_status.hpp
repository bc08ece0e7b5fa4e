// Where a job stands, for drmaa_job_ps, drmaa_wait and drmaa_synchronize: the scheduler's active
// jobs first (qstat -j's request), then its accounting (qacct's), which keeps finished jobs, so a
// finished job stays queryable (Snakemake --drmaa never calls drmaa_wait).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "c_boundary.hpp"
#include "wire/messages.hpp"

namespace bramble::drmaa {

struct JobStatus {
    int ps = DRMAA_PS_UNDETERMINED;
    bool finished = false;                         // no longer active: DONE or FAILED for good
    std::optional<wire::AccountingRecord> record;  // a finished job's, when it ran
};

// A job id as DRMAA hands them out: "42" or "42.7".
bool valid_job_id(const std::string& id);

// The DRMAA state of an active job (Grid Engine's mapping: Eqw is FAILED).
int active_ps(const Job& job);

// The status of job `id`. A job that has left the scheduler without an accounting record never
// ran (deleted while queued): FAILED when the session submitted it, else INVALID_JOB.
Answer job_status(const std::string& contact, const std::string& id, bool session_job,
                  JobStatus& out);

// Which of `ids` are no longer active, in one request (the scheduler answers "missing").
Answer finished_among(const std::string& contact, const std::vector<std::string>& ids,
                      std::vector<std::string>& finished);

// An Error from talking to the scheduler as a DRMAA answer.
Answer communication_failure(const std::string& message);

}  // namespace bramble::drmaa
