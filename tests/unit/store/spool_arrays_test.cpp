// An array submitted whole is one row and one event in the spool, whatever its size; its tasks get
// rows of their own only when they end, and a restart makes the others from the array's row.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "model/job_events.hpp"
#include "model/task_id.hpp"
#include "spool_fixture.hpp"

namespace bramble::store {
namespace {

using namespace events;

std::string count_of(const std::string& path, const std::string& table) {
    sqlite3* db = nullptr;
    std::string value;
    if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
        const std::string sql = "SELECT count(*) FROM " + table;
        sqlite3_exec(
            db, sql.c_str(),
            [](void* out, int, char** columns, char**) {
                *static_cast<std::string*>(out) = columns[0] != nullptr ? columns[0] : "";
                return 0;
            },
            &value, nullptr);
    }
    sqlite3_close(db);
    return value;
}

Job whole_array(JobId id, int first, int last, int step) {
    Job array = make_job(id, "sweep", JobState::Held, "tok-" + std::to_string(id));
    array.spec.task_first = first;
    array.spec.task_last = last;
    array.spec.task_step = step;
    return array;
}

class SpoolArraysTest : public SpoolTest {
  protected:
    // As the scheduler's turn writes an event: the event, and the row of a job it ends.
    void record(Spool& spool, ActiveJobs& live, Event event) {
        auto applied = events::apply(live, event);
        ASSERT_TRUE(applied) << applied.message();
        must(spool.record(event, 1'700'000'100));
        if (applied->ended) must(spool.save_job(*applied->ended));
    }
};

TEST_F(SpoolArraysTest, AWholeArrayIsOneRowAndOneEvent) {
    auto spool = open_spool();
    ActiveJobs live;
    must(spool->begin());
    record(*spool, live, Submitted{whole_array(7, 1, 10'000, 1)});
    must(spool->commit());

    EXPECT_EQ(live.size(), 10'000U);
    EXPECT_EQ(count_of(path, "arrays"), "1");
    EXPECT_EQ(count_of(path, "jobs"), "0");
    EXPECT_EQ(count_of(path, "job_events"), "1");
    EXPECT_EQ(value_of(spool->find_token("tok-7")), std::optional<JobId>(7));
    EXPECT_EQ(value_of(spool->next_job_id()), 8U) << "the array's id is never handed out again";
    const auto history = value_of(spool->load_events(task_job_id(7, 5)));
    ASSERT_EQ(history.size(), 1U);
    EXPECT_EQ(history.front().event, "submitted by ada (held)");
}

TEST_F(SpoolArraysTest, ARestartMakesTheTasksThatHaveNotEndedAndReplaysTheirEvents) {
    auto spool = open_spool();
    ActiveJobs live;
    must(spool->begin());
    record(*spool, live, Submitted{whole_array(3, 2, 10, 2)});  // tasks 2, 4, 6, 8, 10
    record(*spool, live, Released{task_job_id(3, 2), "ada"});
    record(*spool, live, DeleteRequested{task_job_id(3, 4), "ada", 1'700'000'200});
    record(*spool, live, Released{task_job_id(3, 6), "ada"});
    record(*spool, live, Held{task_job_id(3, 6), "", "dependency 1 failed"});
    must(spool->commit());

    auto replayed = value_of(value_of(Spool::open_read_only(path))->replay_active_jobs());
    EXPECT_TRUE(replayed.refused.empty());
    ASSERT_EQ(replayed.jobs.size(), 4U);
    EXPECT_FALSE(replayed.jobs.contains(task_job_id(3, 4))) << "deleted: its row says so";
    EXPECT_EQ(replayed.jobs.at(task_job_id(3, 2)).state, JobState::Pending);
    EXPECT_EQ(replayed.jobs.at(task_job_id(3, 2)).token, "tok-3") << "the first task keeps it";
    EXPECT_EQ(replayed.jobs.at(task_job_id(3, 6)).hold_reason, "dependency 1 failed");
    EXPECT_EQ(replayed.jobs.at(task_job_id(3, 10)).state, JobState::Held);
    EXPECT_TRUE(replayed.jobs.at(task_job_id(3, 10)).token.empty());
    EXPECT_EQ(replayed.events, 3U) << "the ended task's events are not read again";
    EXPECT_TRUE(replayed.spent_arrays.empty());
}

TEST_F(SpoolArraysTest, AnArrayWhoseTasksHaveAllEndedIsNotReadAgain) {
    auto spool = open_spool();
    ActiveJobs live;
    must(spool->begin());
    record(*spool, live, Submitted{whole_array(4, 1, 3, 1)});
    for (int task = 1; task <= 3; ++task)
        record(*spool, live, DeleteRequested{task_job_id(4, task), "ada", 1'700'000'200});
    must(spool->commit());

    auto replayed = value_of(spool->replay_active_jobs());
    EXPECT_TRUE(replayed.jobs.empty());
    EXPECT_EQ(replayed.spent_arrays, std::vector<JobId>{4});
    must(spool->end_arrays(replayed.spent_arrays));
    EXPECT_TRUE(value_of(spool->replay_active_jobs()).spent_arrays.empty());
    EXPECT_EQ(value_of(spool->load_jobs_between(task_job_id(4, 1), task_job_id(4, 3))).size(), 3U)
        << "qacct still finds every task";
}

}  // namespace
}  // namespace bramble::store
