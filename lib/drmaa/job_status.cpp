#include "job_status.hpp"

#include <algorithm>

#include "call_retry.hpp"
#include "exit_stat.hpp"
#include "finished_records.hpp"
#include "model/task_id.hpp"

namespace bramble::drmaa {
namespace {

constexpr const char* kTool = "drmaa";

bool all_digits(const std::string& text) {
    return !text.empty() && text.size() <= 19 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An array job asked for by its id alone is as far along as its least finished task.
int combined_ps(const std::vector<Job>& jobs) {
    int ps = active_ps(jobs.front());
    for (const Job& job : jobs)
        if (active_ps(job) == DRMAA_PS_RUNNING) ps = DRMAA_PS_RUNNING;
    return ps;
}

}  // namespace

bool valid_job_id(const std::string& id) {
    const auto dot = id.find('.');
    if (dot == std::string::npos) return all_digits(id);
    return all_digits(id.substr(0, dot)) && all_digits(id.substr(dot + 1));
}

int active_ps(const Job& job) {
    switch (job.state) {
        case JobState::Pending:
            return job.waiting_for.empty() ? DRMAA_PS_QUEUED_ACTIVE : DRMAA_PS_SYSTEM_ON_HOLD;
        case JobState::Held:
            return job.hold_reason.empty() ? DRMAA_PS_USER_ON_HOLD : DRMAA_PS_SYSTEM_ON_HOLD;
        case JobState::Dispatched:
        case JobState::Running:
        case JobState::Deleting:
            return DRMAA_PS_RUNNING;
        case JobState::Error:
            return DRMAA_PS_FAILED;
        case JobState::Done:
            return DRMAA_PS_DONE;
        case JobState::Deleted:
            return DRMAA_PS_FAILED;
    }
    return DRMAA_PS_UNDETERMINED;
}

Answer communication_failure(const std::string& message) {
    return failure(DRMAA_ERRNO_DRM_COMMUNICATION_FAILURE, message);
}

Answer job_status(const std::string& contact, const std::string& id, bool session_job,
                  JobStatus& out) {
    if (!valid_job_id(id)) {
        return failure(DRMAA_ERRNO_INVALID_JOB,
                       "'" + id + "' is not a job id (a number, or NUMBER.TASK for a bulk job)");
    }
    auto detail = tools::ask<wire::JobDetailReply>(wire::JobDetailRequest{{id}}, kTool, contact);
    if (!detail) return communication_failure(detail.message());
    out = JobStatus{};
    if (!detail->jobs.empty()) {
        out.ps = combined_ps(detail->jobs);
        return success();
    }
    // The scheduler answers accounting after its pending commit: a job that has left the active
    // list has its record there already.
    auto records = tools::finished_records(id, kTool, contact);
    if (!records) return communication_failure(records.message());
    out.finished = true;
    if (!records->empty()) {
        out.record = records->begin()->second;
        out.ps = never_ran(*out.record) ? DRMAA_PS_FAILED : DRMAA_PS_DONE;
        return success();
    }
    if (!session_job) {
        return failure(DRMAA_ERRNO_INVALID_JOB, "job " + id + " does not exist");
    }
    out.ps = DRMAA_PS_FAILED;
    return success();
}

Answer finished_among(const std::string& contact, const std::vector<std::string>& ids,
                      std::vector<std::string>& finished) {
    auto detail = tools::ask<wire::JobDetailReply>(wire::JobDetailRequest{ids}, kTool, contact);
    if (!detail) return communication_failure(detail.message());
    finished = detail->missing;
    return success();
}

}  // namespace bramble::drmaa
