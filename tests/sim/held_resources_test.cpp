// The simulator holds what the scheduler holds: a GPIO line, a consumable and an exclusive node
// are never shared in the simulated timeline, even when the second job arrives in a later pass
// (within one pass the planner's working copy already keeps them apart).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "simulator.hpp"

namespace bramble::sim {
namespace {

SimJob job(JobId id, std::int64_t submit) {
    SimJob job;
    job.id = id;
    job.user = "ann";
    job.submit = submit;
    job.walltime = 100;
    job.runtime = 100;
    return job;
}

const JobOutcome& outcome(const SimResult& result, JobId id) {
    for (const JobOutcome& job : result.jobs) {
        if (job.id == id) return job;
    }
    ADD_FAILURE() << "no job " << id;
    return result.jobs.front();
}

TEST(SimulatedResources, TwoJobsOfOneGpioLineNeverOverlap) {
    // 2 nodes x 4 cores, line fan on sim1. Job 2 arrives at 10 s, a pass of its own, while job 1
    // holds fan until 100 s: it waits for the line although 7 cores are free.
    SimCluster cluster;
    cluster.nodes = 2;
    cluster.gpio = {"fan"};
    std::vector<SimJob> jobs = {job(1, 0), job(2, 10)};
    jobs[0].gpio = {"fan"};
    jobs[1].gpio = {"fan"};
    const SimResult result = simulate(cluster, jobs, {});
    EXPECT_EQ(outcome(result, 1).start, 0);
    EXPECT_EQ(outcome(result, 2).start, outcome(result, 1).end);  // 100
    EXPECT_FALSE(result.stuck);
}

TEST(SimulatedResources, AConsumableIsNeverHeldPastItsCapacity) {
    // One gpu on each of 2 nodes; three jobs of one gpu each arrive 5 s apart: the third starts
    // when the first ends, at 100 s.
    SimCluster cluster;
    cluster.nodes = 2;
    cluster.consumables = {{"gpu", 1}};
    std::vector<SimJob> jobs = {job(1, 0), job(2, 5), job(3, 10)};
    for (SimJob& each : jobs)
        each.consumables_per_job = {{"gpu", 1}};
    const SimResult result = simulate(cluster, jobs, {});
    EXPECT_EQ(outcome(result, 1).start, 0);
    EXPECT_EQ(outcome(result, 2).start, 5);
    EXPECT_EQ(outcome(result, 3).start, 100);
}

TEST(SimulatedResources, AnExclusiveJobHasItsNodeAlone) {
    // One node. The exclusive job 2 (10 s) waits for job 1 to end at 100 s; job 3 (110 s) waits
    // for job 2 to end at 200 s, although 3 cores are free all along.
    SimCluster cluster;
    cluster.nodes = 1;
    std::vector<SimJob> jobs = {job(1, 0), job(2, 10), job(3, 110)};
    jobs[1].exclusive = true;
    const SimResult result = simulate(cluster, jobs, {});
    EXPECT_EQ(outcome(result, 2).start, 100);
    EXPECT_EQ(outcome(result, 3).start, 200);
}

}  // namespace
}  // namespace bramble::sim
