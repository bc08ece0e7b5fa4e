// drmaa_run_job and drmaa_run_bulk_jobs: a job template becomes qsub's words, lib/jobscript reads
// them as qsub reads its command line, and the job goes to the scheduler as qsub sends it (a
// token makes a retried submission queue once).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "c_boundary.hpp"
#include "job_template.hpp"
#include "template_words.hpp"

namespace bramble::drmaa {

// The ids DRMAA hands out: "42" for a job, "42.1", "42.2", ... for a bulk job's tasks.
Answer submit_template(const std::string& contact, const drmaa_job_template_s& jt,
                       const std::optional<BulkRange>& bulk, std::vector<std::string>& ids);

}  // namespace bramble::drmaa
