// drmaa_wait, drmaa_synchronize and the drmaa_wif* family that reads drmaa_wait's status.
#include <cstring>

#include "drmaa.h"
#include "exit_stat.hpp"
#include "job_status.hpp"
#include "session.hpp"
#include "string_lists.hpp"
#include "waiting.hpp"

namespace {

using namespace bramble;
using namespace bramble::drmaa;

// The jobs drmaa_wait(id) may wait for: the one named, if the session has it unreaped.
Answer wait_candidates(const std::string& id, std::vector<std::string>& candidates) {
    if (id == DRMAA_JOB_IDS_SESSION_ANY) {
        candidates = session_jobs();
        if (candidates.empty()) {
            return failure(DRMAA_ERRNO_INVALID_JOB,
                           "the session has no job left to wait for (every job it submitted "
                           "was already reaped by drmaa_wait or drmaa_synchronize)");
        }
        return success();
    }
    if (!knows_job(id)) {
        return failure(DRMAA_ERRNO_INVALID_JOB,
                       "job " + id +
                           " was not submitted in this session, or drmaa_wait or "
                           "drmaa_synchronize already reaped it");
    }
    candidates = {id};
    return success();
}

Answer wait_one(const char* job_id, char* job_id_out, std::size_t job_id_out_len, int* stat,
                long timeout, drmaa_attr_values_t** rusage) {
    const auto contact = session_contact();
    if (!contact) return no_session();
    if (job_id == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no job id given");
    std::vector<std::string> candidates;
    if (auto a = wait_candidates(job_id, candidates); a.code != DRMAA_ERRNO_SUCCESS) return a;
    std::string finished;
    if (auto a = wait_for_any(*contact, candidates, timeout, finished);
        a.code != DRMAA_ERRNO_SUCCESS)
        return a;
    JobStatus status;
    if (auto a = job_status(*contact, finished, true, status); a.code != DRMAA_ERRNO_SUCCESS)
        return a;
    forget_job(finished);
    copy_out(finished, job_id_out, job_id_out_len);
    const wire::AccountingRecord* record = status.record ? &*status.record : nullptr;
    if (stat != nullptr) *stat = encode_stat(exit_parts(record));
    if (record == nullptr || never_ran(*record)) {
        if (rusage != nullptr) *rusage = nullptr;
        return failure(DRMAA_ERRNO_NO_RUSAGE,
                       "job " + finished + " never ran, so it has no resource usage");
    }
    if (rusage != nullptr) *rusage = make_list<drmaa_attr_values_t>(rusage_entries(*record));
    return success();
}

Answer synchronize(const char* job_ids[], long timeout, bool dispose) {
    const auto contact = session_contact();
    if (!contact) return no_session();
    if (job_ids == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no job ids given");
    std::vector<std::string> ids;
    for (const char** id = job_ids; *id != nullptr; ++id) {
        if (std::strcmp(*id, DRMAA_JOB_IDS_SESSION_ALL) == 0) {
            ids = session_jobs();
            break;
        }
        if (!knows_job(*id))
            return failure(DRMAA_ERRNO_INVALID_JOB, std::string("job ") + *id +
                                                        " was not submitted in this session, "
                                                        "or was already reaped");
        ids.emplace_back(*id);
    }
    if (auto a = wait_for_all(*contact, ids, timeout); a.code != DRMAA_ERRNO_SUCCESS) return a;
    if (dispose) {
        for (const auto& id : ids)
            forget_job(id);
    }
    return success();
}

template <class Read>
int read_stat(int* out, char* diagnosis, std::size_t diagnosis_len, Read read) {
    return guarded(diagnosis, diagnosis_len, [&] {
        if (out == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no place for the answer");
        *out = read();
        return success();
    });
}

}  // namespace

extern "C" {

int drmaa_wait(const char* job_id, char* job_id_out, size_t job_id_out_len, int* stat,
               signed long timeout, drmaa_attr_values_t** rusage, char* error_diagnosis,
               size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        return wait_one(job_id, job_id_out, job_id_out_len, stat, timeout, rusage);
    });
}

int drmaa_synchronize(const char* job_ids[], signed long timeout, int dispose,
                      char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len,
                   [&] { return synchronize(job_ids, timeout, dispose != 0); });
}

int drmaa_wifexited(int* exited, int stat, char* error_diagnosis, size_t error_diag_len) {
    return read_stat(exited, error_diagnosis, error_diag_len,
                     [&] { return decode_stat(stat).exited ? 1 : 0; });
}

int drmaa_wexitstatus(int* exit_status, int stat, char* error_diagnosis, size_t error_diag_len) {
    return read_stat(exit_status, error_diagnosis, error_diag_len,
                     [&] { return decode_stat(stat).exit_status; });
}

int drmaa_wifsignaled(int* signaled, int stat, char* error_diagnosis, size_t error_diag_len) {
    return read_stat(signaled, error_diagnosis, error_diag_len,
                     [&] { return decode_stat(stat).signaled ? 1 : 0; });
}

int drmaa_wcoredump(int* core_dumped, int /*stat*/, char* error_diagnosis, size_t error_diag_len) {
    // The shepherd's exit record does not say whether a core was dumped.
    return read_stat(core_dumped, error_diagnosis, error_diag_len, [] { return 0; });
}

int drmaa_wifaborted(int* aborted, int stat, char* error_diagnosis, size_t error_diag_len) {
    return read_stat(aborted, error_diagnosis, error_diag_len,
                     [&] { return decode_stat(stat).aborted ? 1 : 0; });
}

int drmaa_wtermsig(char* signal, size_t signal_len, int stat, char* error_diagnosis,
                   size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        if (signal == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no signal buffer");
        const ExitParts parts = decode_stat(stat);
        copy_out(parts.signaled ? signal_name(parts.signal) : "", signal, signal_len);
        return success();
    });
}

}  // extern "C"
