// drmaa_control (hold, release, terminate; suspend and resume are refused) and drmaa_job_ps. They
// send what qhold, qrls and qdel send, and read the same answer lines.
#include <cstring>
#include <variant>

#include "call_retry.hpp"
#include "drmaa.h"
#include "job_status.hpp"
#include "session.hpp"

namespace {

using namespace bramble;
using namespace bramble::drmaa;

std::string joined_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines)
        text += (text.empty() ? "" : "; ") + line;
    return text;
}

// qdel's and qhold's reply lines, as a DRMAA answer; `inconsistent` is the code for a job in a
// state that does not allow the action.
Answer answered(const Result<wire::Message>& reply, int inconsistent) {
    if (!reply) return communication_failure(reply.message());
    if (const auto* error = std::get_if<wire::ErrorReply>(&*reply))
        return failure(DRMAA_ERRNO_DENIED_BY_DRM, error->message);
    const auto* lines = std::get_if<wire::DeleteReply>(&*reply);
    if (lines == nullptr)
        return failure(DRMAA_ERRNO_INTERNAL_ERROR, "the scheduler sent an unexpected reply");
    if (!lines->failed) return success();
    const std::string text = joined_lines(lines->lines);
    if (text.find("does not exist") != std::string::npos)
        return failure(DRMAA_ERRNO_INVALID_JOB, text);
    return failure(inconsistent, text);
}

Answer control_one(const std::string& contact, const std::string& id, int action) {
    if (!valid_job_id(id)) {
        return failure(DRMAA_ERRNO_INVALID_JOB,
                       "'" + id + "' is not a job id (a number, or NUMBER.TASK for a bulk job)");
    }
    switch (action) {
        case DRMAA_CONTROL_SUSPEND:
        case DRMAA_CONTROL_RESUME:
            return failure(DRMAA_ERRNO_DENIED_BY_DRM,
                           "bramble does not suspend or resume jobs (Grid Engine's qmod -sj); "
                           "hold a job before it starts, or terminate it");
        case DRMAA_CONTROL_HOLD:
        case DRMAA_CONTROL_RELEASE: {
            const bool hold = action == DRMAA_CONTROL_HOLD;
            auto reply =
                tools::call_with_retry(wire::HoldRequest{{id}, {}, hold}, "drmaa", contact);
            return answered(reply, hold ? DRMAA_ERRNO_HOLD_INCONSISTENT_STATE
                                        : DRMAA_ERRNO_RELEASE_INCONSISTENT_STATE);
        }
        case DRMAA_CONTROL_TERMINATE: {
            auto reply =
                tools::call_with_retry(wire::DeleteRequest{{id}, {}, false}, "drmaa", contact);
            return answered(reply, DRMAA_ERRNO_DENIED_BY_DRM);
        }
        default:
            return failure(DRMAA_ERRNO_INVALID_ARGUMENT,
                           "action " + std::to_string(action) +
                               " is not one of DRMAA_CONTROL_SUSPEND (0) .. TERMINATE (4)");
    }
}

Answer control(const char* job_id, int action) {
    const auto contact = session_contact();
    if (!contact) return no_session();
    if (job_id == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no job id given");
    if (std::strcmp(job_id, DRMAA_JOB_IDS_SESSION_ALL) != 0)
        return control_one(*contact, job_id, action);
    Answer first;
    for (const auto& id : session_jobs()) {
        auto answer = control_one(*contact, id, action);
        // A job of the session that has already ended is not the caller's mistake.
        if (answer.code != DRMAA_ERRNO_SUCCESS && answer.code != DRMAA_ERRNO_INVALID_JOB &&
            first.code == DRMAA_ERRNO_SUCCESS)
            first = answer;
    }
    return first;
}

Answer job_ps(const char* job_id, int* remote_ps) {
    const auto contact = session_contact();
    if (!contact) return no_session();
    if (job_id == nullptr || remote_ps == nullptr)
        return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no job id or no place for its state");
    JobStatus status;
    auto answer = job_status(*contact, job_id, knows_job(job_id), status);
    if (answer.code == DRMAA_ERRNO_SUCCESS) *remote_ps = status.ps;
    return answer;
}

}  // namespace

extern "C" {

int drmaa_control(const char* jobid, int action, char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] { return control(jobid, action); });
}

int drmaa_job_ps(const char* job_id, int* remote_ps, char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] { return job_ps(job_id, remote_ps); });
}

}  // extern "C"
