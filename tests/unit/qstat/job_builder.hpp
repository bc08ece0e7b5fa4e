// Jobs and nodes for the qstat formatter tests, built the way the scheduler's replies carry them.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "job_view.hpp"
#include "model/job.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat::test {

// 2025-11-23 09:37:01 UTC and three minutes later.
inline constexpr std::int64_t kSubmit = 1763890621;
inline constexpr std::int64_t kStart = 1763890800;

class JobBuilder {
  public:
    JobBuilder(JobId id, std::string name) {
        job_.id = id;
        job_.spec.name = std::move(name);
        job_.owner = Owner{1000, 1000, "pi", "pi"};
        job_.submit_time = kSubmit;
    }
    JobBuilder& user(std::string name) {
        job_.owner.user = std::move(name);
        return *this;
    }
    JobBuilder& state(JobState state) {
        job_.state = state;
        return *this;
    }
    JobBuilder& slots(int slots) {
        job_.spec.slots = slots;
        return *this;
    }
    JobBuilder& priority(int priority) {
        job_.spec.priority = priority;
        return *this;
    }
    // Places the job: `cores` cores on `node` (call again for more nodes), started at kStart.
    JobBuilder& on(const std::string& node, int cores) {
        NodeGrant grant{node, {}, 0};
        for (int core = 0; core < cores; ++core)
            grant.cores.push_back(core);
        job_.allocation.grants.push_back(grant);
        job_.state = JobState::Running;
        job_.start_time = kStart;
        return *this;
    }
    // The scheduler's last priority for the job and its parts (qstat's prior column, -pri).
    JobBuilder& score(double total, double priority = 0, double share = 0, double waiting = 0) {
        score_ = {total, priority, share, waiting};
        return *this;
    }
    // An array task's -t step (qsub -t 1-7:3), which its listing rows carry.
    JobBuilder& step(int step) {
        job_.spec.task_step = step;
        return *this;
    }
    Job& edit() { return job_; }
    operator Job() const { return job_; }  // NOLINT: builders convert implicitly
    // The job as a listing carries it.
    operator wire::JobRow() const {  // NOLINT: builders convert implicitly
        wire::JobRow row{job_.id,
                         job_.spec.name,
                         job_.owner.user,
                         job_.owner.uid,
                         job_.owner.group,
                         job_.owner.gid,
                         job_.spec.account,
                         job_.state,
                         job_.submit_time,
                         job_.start_time,
                         job_.spec.slots,
                         job_.spec.pe,
                         job_.spec.priority,
                         job_.allocation.grants,
                         score_[0],
                         score_[1],
                         score_[2],
                         score_[3]};
        row.task_step = job_.spec.task_step;
        return row;
    }

  private:
    Job job_;
    std::array<double, 4> score_ = {0.555, 0.5, 0, 0};  // Grid Engine's figure for a fresh job
};

inline wire::NodeStatus node(const std::string& name, int cores, bool up = true) {
    wire::NodeStatus status;
    status.inventory = NodeInventory{name, name, "lx-arm64", cores, 1, cores, 4ULL << 30};
    status.up = up;
    status.load = NodeLoad{0.01, 512ULL << 20, 0, 0};
    return status;
}

inline FormatContext utc_context() {
    FormatContext context;
    context.now = kStart + 60;
    context.queue = "all.q";
    context.calendar = utc_calendar;
    return context;
}

}  // namespace bramble::qstat::test
