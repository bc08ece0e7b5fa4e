// qdel of array tasks as Grid Engine answers it: the waiting tasks one key deletes are one line
// ("has deleted job 42" when the key named the whole array, else their range list), each running
// task a line of its own, and its words for tasks that do not exist. qhold and qrls take the same
// task ranges.
#include "model/task_id.hpp"
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using DeleteArrayTest = SchedulerTest;

JobSpec array_job(int first, int last) {
    JobSpec spec = serial_job("sweep");
    spec.task_first = first;
    spec.task_last = last;
    spec.task_step = 1;
    return spec;
}

wire::DeleteReply delete_reply(wire::Message message) {
    return std::get<wire::DeleteReply>(std::move(message));
}

TEST_F(DeleteArrayTest, TheWholeArrayIsOneLine) {
    const JobId id = submit(kAlice, array_job(1, 100));
    auto reply = delete_reply(call(kAlice, wire::DeleteRequest{{std::to_string(id)}, {}, false}));
    EXPECT_EQ(reply.lines, (std::vector<std::string>{"alice has deleted job 1"}));
    EXPECT_FALSE(reply.failed);
    EXPECT_TRUE(scheduler_->jobs().empty());
}

TEST_F(DeleteArrayTest, TasksAreNamedByTheirRangeList) {
    const JobId id = submit(kAlice, array_job(1, 100));
    struct Case {
        std::string key;
        std::string line;
        bool failed;
    };
    const Case cases[] = {
        {"1.2-50:2", "alice has deleted job-array tasks 2-50:2 of job 1", false},
        {"1.3", "alice has deleted job-array task 1.3", false},
        {"1.1-5", "alice has deleted job-array tasks 1,5 of job 1", false},  // 2, 3, 4 are gone
        {"1.2-10:2", "job \"1\" task id range \"2-10:2\" comprises no tasks", true},
        {"1.4", "job \"1\" task \"4\" does not exist", true},
        {"7.1-3", "job \"7\" task id range \"1-3:1\" comprises no tasks", true},
    };
    for (const auto& c : cases) {
        auto reply = delete_reply(call(kAlice, wire::DeleteRequest{{c.key}, {}, false}));
        EXPECT_EQ(reply.lines, std::vector<std::string>{c.line}) << c.key;
        EXPECT_EQ(reply.failed, c.failed) << c.key;
    }
    // 100 less 2, 4, ..., 50 (25), 1, 3, 5.
    EXPECT_EQ(scheduler_->jobs().size(), 72U);
    EXPECT_EQ(scheduler_->jobs().count(task_job_id(id, 7)), 1U);
    EXPECT_EQ(scheduler_->jobs().count(task_job_id(id, 6)), 0U);
}

TEST_F(DeleteArrayTest, RunningTasksAreRegisteredAndTheWaitingOnesSaidOnce) {
    auto link = register_node("pi01", 1);
    const JobId id = submit(kAlice, array_job(1, 3));
    from_node(link, "pi01", wire::JobStarted{task_job_id(id, 1)});
    auto reply = delete_reply(call(kAlice, wire::DeleteRequest{{std::to_string(id)}, {}, false}));
    EXPECT_EQ(reply.lines,
              (std::vector<std::string>{"alice has registered the job-array task 1.1 for deletion",
                                        "alice has deleted job 1"}));
    EXPECT_EQ(job(task_job_id(id, 1))->state, JobState::Deleting);
}

TEST_F(DeleteArrayTest, SomeoneElsesTasksAreDenied) {
    const JobId id = submit(kAlice, array_job(1, 2));
    auto reply =
        delete_reply(call(kBob, wire::DeleteRequest{{std::to_string(id) + ".1-2"}, {}, false}));
    EXPECT_EQ(reply.lines,
              (std::vector<std::string>{"denied: \"bob\" is not the owner of job 1.1",
                                        "denied: \"bob\" is not the owner of job 1.2"}));
    EXPECT_TRUE(reply.failed);
    EXPECT_EQ(scheduler_->jobs().size(), 2U);
}

// qhold and qrls read the same task ranges (job_selection.cpp).
TEST_F(DeleteArrayTest, QholdAndQrlsTakeATaskRange) {
    const JobId id = submit(kAlice, array_job(1, 6));
    const auto held = delete_reply(call(kAlice, wire::HoldRequest{{"1.2-6:2"}, {}, true}));
    EXPECT_EQ(held.lines.size(), 3U);
    EXPECT_FALSE(held.failed);
    for (const int task : {1, 2, 3, 4, 5, 6}) {
        EXPECT_EQ(job(task_job_id(id, task))->state,
                  task % 2 == 0 ? JobState::Held : JobState::Pending)
            << task;
    }
    const auto released = delete_reply(call(kAlice, wire::HoldRequest{{"1.4-6"}, {}, false}));
    EXPECT_FALSE(released.failed);
    EXPECT_EQ(job(task_job_id(id, 2))->state, JobState::Held);
    EXPECT_EQ(job(task_job_id(id, 4))->state, JobState::Pending);
    EXPECT_EQ(job(task_job_id(id, 6))->state, JobState::Pending);
}

// The array is one row in the spool (lib/store/spool_arrays.cpp): what qdel, qhold and a dispatch
// did to its tasks is what a restart makes of that row and the tasks' events.
TEST_F(DeleteArrayTest, ARestartKeepsWhatHappenedToEachTask) {
    const JobId id = submit(kAlice, array_job(1, 6));
    auto link = register_node("pi01", 1);  // task 1 starts
    (void)call(kAlice, wire::DeleteRequest{{"1.2-3"}, {}, false});
    (void)call(kAlice, wire::HoldRequest{{"1.5"}, {}, true});
    ASSERT_EQ(job(task_job_id(id, 1))->state, JobState::Dispatched);
    restart();
    EXPECT_EQ(scheduler_->jobs().size(), 4U) << "tasks 2 and 3 were deleted";
    EXPECT_EQ(job(task_job_id(id, 1))->state, JobState::Dispatched);
    EXPECT_EQ(job(task_job_id(id, 4))->state, JobState::Pending);
    EXPECT_EQ(job(task_job_id(id, 5))->state, JobState::Held);
    EXPECT_EQ(job(task_job_id(id, 6))->state, JobState::Pending);
    const auto again = submit(kAlice, array_job(1, 2));
    EXPECT_EQ(again, id + 1) << "the array's id is never handed out again";
}

}  // namespace
}  // namespace bramble::scheduler::test
