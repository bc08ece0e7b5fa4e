// drmaa_run_job and drmaa_run_bulk_jobs.
#include "drmaa.h"
#include "session.hpp"
#include "string_lists.hpp"
#include "submit_template.hpp"

namespace {

using namespace bramble::drmaa;

Answer run(const drmaa_job_template_t* jt, const std::optional<BulkRange>& bulk,
           std::vector<std::string>& ids) {
    const auto contact = session_contact();
    if (!contact) return no_session();
    if (jt == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no job template");
    if (auto a = submit_template(*contact, *jt, bulk, ids); a.code != DRMAA_ERRNO_SUCCESS) return a;
    remember_jobs(ids);
    return success();
}

// Grid Engine's task ranges: 1 <= start <= end, step >= 1.
Answer check_range(int start, int end, int incr) {
    if (start >= 1 && start <= end && incr >= 1) return success();
    return failure(DRMAA_ERRNO_INVALID_ARGUMENT,
                   "bulk job range " + std::to_string(start) + ".." + std::to_string(end) +
                       " step " + std::to_string(incr) +
                       " is not valid: 1 <= start <= end and a step of at least 1");
}

}  // namespace

extern "C" {

int drmaa_run_job(char* job_id, size_t job_id_len, const drmaa_job_template_t* jt,
                  char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        std::vector<std::string> ids;
        if (auto a = run(jt, std::nullopt, ids); a.code != DRMAA_ERRNO_SUCCESS) return a;
        copy_out(ids.front(), job_id, job_id_len);
        return success();
    });
}

int drmaa_run_bulk_jobs(drmaa_job_ids_t** jobids, const drmaa_job_template_t* jt, int start,
                        int end, int incr, char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        if (jobids == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no id list pointer");
        if (auto a = check_range(start, end, incr); a.code != DRMAA_ERRNO_SUCCESS) return a;
        std::vector<std::string> ids;
        if (auto a = run(jt, BulkRange{start, end, incr}, ids); a.code != DRMAA_ERRNO_SUCCESS)
            return a;
        *jobids = make_list<drmaa_job_ids_t>(std::move(ids));
        return success();
    });
}

}  // extern "C"
