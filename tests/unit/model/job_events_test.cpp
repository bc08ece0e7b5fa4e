// The one apply(): what each event does to a job, and that an event which does not fit the job's
// state is refused and changes nothing.
#include "model/job_events.hpp"

#include <gtest/gtest.h>

#include "model/task_id.hpp"

namespace bramble::events {
namespace {

Job pending(JobId id) {
    Job job;
    job.id = id;
    job.owner = {1000, 1000, "ada", "ada"};
    job.spec.name = "pi";
    job.submit_time = 100;
    return job;
}

Allocation on(const std::string& node) {
    Allocation allocation;
    allocation.grants = {{.node = node, .cores = {0}, .memory = 0}};
    return allocation;
}

TEST(JobEvents, ARunEndsTheJobAndTakesItOutOfTheActiveJobs) {
    ActiveJobs jobs;
    ASSERT_TRUE(events::apply(jobs, Submitted{pending(1)}));
    ASSERT_TRUE(events::apply(jobs, Dispatched{1, on("pi01"), 200}));
    EXPECT_EQ(jobs.at(1).state, JobState::Dispatched);
    EXPECT_EQ(jobs.at(1).start_time, 200);
    ASSERT_TRUE(events::apply(jobs, Started{1, "pi01"}));
    ExitRecord exit;
    exit.exit_status = 3;
    exit.host = "pi01";
    auto ended = events::apply(jobs, Finished{1, exit, 260});
    ASSERT_TRUE(ended);
    ASSERT_TRUE(ended->ended.has_value());
    EXPECT_EQ(ended->ended->state, JobState::Done);
    EXPECT_EQ(ended->ended->exit.exit_status, 3);
    EXPECT_EQ(ended->ended->end_time, 260);
    EXPECT_FALSE(jobs.contains(1));
}

TEST(JobEvents, AShortJobsEndMayOvertakeItsStart) {
    ActiveJobs jobs{{1, pending(1)}};
    ASSERT_TRUE(events::apply(jobs, Dispatched{1, on("pi01"), 200}));
    auto ended = events::apply(jobs, Finished{1, ExitRecord{}, 201});
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->before, JobState::Dispatched);
    EXPECT_EQ(ended->after, JobState::Done);
}

TEST(JobEvents, DeletingAWaitingJobEndsItButARunningOneWaitsForItsEnd) {
    ActiveJobs jobs{{1, pending(1)}, {2, pending(2)}};
    auto gone = events::apply(jobs, DeleteRequested{1, "ada", 300});
    ASSERT_TRUE(gone);
    ASSERT_TRUE(gone->ended.has_value());
    EXPECT_EQ(gone->ended->state, JobState::Deleted);
    EXPECT_EQ(gone->ended->deleted_by, "ada");
    EXPECT_EQ(gone->ended->end_time, 300);

    ASSERT_TRUE(events::apply(jobs, Dispatched{2, on("pi01"), 200}));
    auto marked = events::apply(jobs, DeleteRequested{2, "root", 300});
    ASSERT_TRUE(marked);
    EXPECT_FALSE(marked->ended.has_value());
    EXPECT_EQ(jobs.at(2).state, JobState::Deleting);
    EXPECT_FALSE(jobs.at(2).allocation.empty()) << "its cores are held until the node reports";
}

TEST(JobEvents, ARequeuedJobLeavesItsNodesAndAvoidsTheOneThatMayStillRunIt) {
    ActiveJobs jobs{{1, pending(1)}};
    ASSERT_TRUE(events::apply(jobs, Dispatched{1, on("pi01"), 200}));
    ASSERT_TRUE(events::apply(jobs, Requeued{1, "node pi01 was lost", "pi01", false}));
    const Job& job = jobs.at(1);
    EXPECT_EQ(job.state, JobState::Pending);
    EXPECT_TRUE(job.allocation.empty());
    EXPECT_EQ(job.start_time, 0);
    EXPECT_EQ(job.abandoned_on, std::vector<std::string>{"pi01"});
    ASSERT_TRUE(events::apply(jobs, RunForgotten{1, "pi01"}));
    EXPECT_TRUE(jobs.at(1).abandoned_on.empty());
}

TEST(JobEvents, AFailedDependencyHoldsTheJobWithTheReason) {
    Job job = pending(2);
    job.waiting_for = {1, 3, 4};
    job.after_ok = {1, 3};
    ASSERT_TRUE(events::apply(job, DependencyEnded{2, 3, ""}));
    EXPECT_EQ(job.waiting_for, (std::vector<JobId>{1, 4}));
    EXPECT_EQ(job.after_ok, std::vector<JobId>{1});
    EXPECT_EQ(job.state, JobState::Pending);
    ASSERT_TRUE(events::apply(job, DependencyEnded{2, 1, "failed (exit 1)"}));
    EXPECT_EQ(job.state, JobState::Held);
    EXPECT_EQ(job.hold_reason, "dependency 1 failed (exit 1)");
    EXPECT_TRUE(job.waiting_for.empty());
    EXPECT_TRUE(job.after_ok.empty());
}

TEST(JobEvents, AnEventThatDoesNotFitIsRefusedAndChangesNothing) {
    ActiveJobs jobs{{1, pending(1)}};
    auto before = jobs.at(1);
    EXPECT_FALSE(events::apply(jobs, Started{1, "pi01"}));
    EXPECT_FALSE(events::apply(jobs, Finished{1, ExitRecord{}, 5}));
    EXPECT_FALSE(events::apply(jobs, Released{1, "ada"}));
    EXPECT_FALSE(events::apply(jobs, RunForgotten{1, "pi02"}));
    EXPECT_FALSE(events::apply(jobs, DependencyEnded{1, 7, ""}));
    EXPECT_FALSE(events::apply(jobs, Dispatched{1, Allocation{}, 5})) << "a dispatch needs a node";
    EXPECT_FALSE(events::apply(jobs, Submitted{pending(1)})) << "ids are never reused";
    EXPECT_FALSE(events::apply(jobs, Held{9, "ada", ""})) << "no such job";
    EXPECT_EQ(jobs.at(1).state, before.state);
    EXPECT_EQ(jobs.at(1).end_time, before.end_time);
}

TEST(JobEvents, EveryKindDescribesItselfForTheHistory) {
    ExitRecord exit;
    exit.exit_status = 137;
    exit.failed = 100;
    exit.failure = "deleted by ada with qdel -f";
    exit.host = "pi01";
    EXPECT_EQ(describe(Finished{1, exit, 5}),
              "finished on pi01: exit 137, failed: deleted by ada with qdel -f");
    EXPECT_EQ(describe(Dispatched{1, on("pi01"), 5}), "dispatched to pi01 (1 slot)");
    EXPECT_EQ(describe(Requeued{1, "node pi01 was lost", "pi01", false}),
              "requeued: node pi01 was lost");
    EXPECT_EQ(kind_of(DependencyEnded{}), "dependency_ended");
}

TEST(JobEvents, AWholeArrayAddsEachTaskAsAJobOfItsOwn) {
    Job array = pending(42);
    array.token = "tok";
    array.spec.task_first = 2;
    array.spec.task_last = 7;
    array.spec.task_step = 2;  // tasks 2, 4, 6
    ActiveJobs jobs;
    auto applied = events::apply(jobs, Submitted{array});
    ASSERT_TRUE(applied) << applied.message();
    EXPECT_EQ(applied->submitted,
              (std::vector<JobId>{task_job_id(42, 2), task_job_id(42, 4), task_job_id(42, 6)}));
    ASSERT_EQ(jobs.size(), 3U);
    EXPECT_EQ(jobs.at(task_job_id(42, 2)).token, "tok") << "a repeated submission finds it";
    EXPECT_TRUE(jobs.at(task_job_id(42, 4)).token.empty());
    EXPECT_EQ(jobs.at(task_job_id(42, 6)).spec.name, "pi");
    EXPECT_FALSE(events::apply(jobs, Submitted{array})) << "its tasks exist already";
    EXPECT_EQ(jobs.size(), 3U);
}

}  // namespace
}  // namespace bramble::events
