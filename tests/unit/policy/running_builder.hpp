// Running jobs for planner tests, kept consistent with the nodes they run on:
//   run(snapshot, RunningBuilder(7, "ann").on("pi01", {0, 1}).memory("1G").until(100));
// marks cores 0 and 1 and 1G of pi01 busy and adds the job to snapshot.running.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "builders.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy::testing {

class RunningBuilder {
  public:
    RunningBuilder(JobId id, std::string user) {
        job_.id = id;
        job_.user = std::move(user);
    }
    RunningBuilder& on(std::string node, std::initializer_list<int> cores) {
        job_.allocation.grants.push_back({std::move(node), cores, 0, {}, {}});
        return *this;
    }
    // On the last node named by on().
    RunningBuilder& memory(const std::string& size) {
        job_.allocation.grants.back().memory = bytes(size);
        return *this;
    }
    // Started at `start`, ends by `end` at the latest (end <= start: no walltime).
    RunningBuilder& between(std::int64_t start, std::int64_t end) {
        job_.start_time = start;
        job_.expected_end = end;
        return *this;
    }
    RunningBuilder& until(std::int64_t end) { return between(0, end); }

    RunningJob build() const { return job_; }

  private:
    RunningJob job_;
};

// Adds `job` to the snapshot and marks what it holds busy on its nodes.
inline void run(Snapshot& snapshot, const RunningBuilder& builder) {
    const RunningJob job = builder.build();
    for (const NodeGrant& grant : job.allocation.grants) {
        for (NodeView& node : snapshot.nodes) {
            if (node.name != grant.node) continue;
            for (const int core : grant.cores)
                node.core_busy.at(static_cast<std::size_t>(core)) = true;
            ASSERT_GE(node.memory_free, grant.memory) << node.name;
            node.memory_free -= grant.memory;
        }
    }
    snapshot.running.push_back(job);
}

inline PendingJob job_of(PendingJob job, std::string user, std::int64_t walltime) {
    job.user = std::move(user);
    job.walltime = walltime;
    return job;
}

}  // namespace bramble::policy::testing
