#include "sync_wait.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <variant>

#include "call_retry.hpp"
#include "finished_records.hpp"

namespace bramble::tools {
namespace {

using std::chrono::milliseconds;

int report_error(const std::string& message) {
    std::fprintf(stderr, "Unable to wait for job because of error: %s\nExiting.\n",
                 message.c_str());
    return 1;
}

// Active = the scheduler still knows the job as pending, held or running (finished and deleted
// jobs have left its listing and answer "does not exist").
Result<bool> still_active(JobId id) {
    auto detail = ask<wire::JobDetailReply>(wire::JobDetailRequest{{std::to_string(id)}}, "qsub");
    if (!detail) return detail.error();
    return !detail->jobs.empty();
}

std::string signal_name(int signal) {
    const char* abbrev = ::sigabbrev_np(signal);
    return abbrev != nullptr ? std::string("SIG") + abbrev : std::to_string(signal);
}

// Grid Engine's report_exit_status: a job that never ran is reported and counts as 0; one killed
// by a signal counts as 1.
int report(const std::string& job, const wire::AccountingRecord* record) {
    if (record == nullptr) {
        std::fprintf(stderr, "Unable to run job %s\n", job.c_str());
        return 0;
    }
    if (record->signal != 0) {
        std::fprintf(stderr, "Job %s exited because of signal %s\n", job.c_str(),
                     signal_name(record->signal).c_str());
        return 1;
    }
    std::fprintf(stderr, "Job %s exited with exit code %d.\n", job.c_str(), record->exit_status);
    return record->exit_status;
}

}  // namespace

int wait_for_job(JobId id, const JobSpec& spec) {
    milliseconds pause{100};
    while (true) {
        auto active = still_active(id);
        if (!active) return report_error(active.message());
        if (!*active) break;
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, milliseconds{2000});
    }
    // The scheduler answers accounting requests after its pending spool commit, so a job that has
    // left the active list has its records there.
    auto records = finished_records(std::to_string(id), "qsub", net::scheduler_socket_path());
    if (!records) return report_error(records.message());
    const std::string base = std::to_string(id);
    if (spec.task_first == 0) {
        const auto it = records->find(0);
        return report(base, it == records->end() ? nullptr : &it->second);
    }
    int status = 0;
    for (int task = spec.task_first; task <= spec.task_last; task += spec.task_step) {
        const auto it = records->find(task);
        const int task_status =
            report(base + "." + std::to_string(task), it == records->end() ? nullptr : &it->second);
        if (status == 0) status = task_status;
    }
    return status;
}

}  // namespace bramble::tools
