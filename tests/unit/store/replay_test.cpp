// Restart is replay: random sequences of job events, applied live as the scheduler applies them
// after each commit, leave the same active jobs as the spool's rows with the stored events
// replayed by a fresh reader. Events that do not apply are refused live and never stored.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <random>

#include "model/job_events.hpp"
#include "spool_fixture.hpp"
#include "wire/json_model.hpp"

namespace bramble::store {
namespace {

using namespace events;

class EventSource {
  public:
    explicit EventSource(unsigned seed) : random_(seed) {}

    // An event about one of the jobs seen so far, or a new one; many will not apply.
    Event next(const ActiveJobs& live) {
        const int kind = pick(0, 12);
        if (kind == 0 || next_id_ == 1) return submitted();
        const JobId id = pick_id(live);
        const std::int64_t time = 1'700'000'000 + static_cast<std::int64_t>(step_++);
        switch (kind) {
            case 1:
                return Dispatched{id, allocation(), time};
            case 2:
                return Started{id, node()};
            case 3:
                return Finished{id, exit_record(time), time};
            case 4:
                return DeleteRequested{id, pick(0, 1) == 0 ? "ada" : "root", time};
            case 5:
                return Held{id, "ada", pick(0, 1) == 0 ? "" : "dependency 3 was deleted"};
            case 6:
                return Released{id, "ada"};
            case 7: {
                JobSpec spec;
                spec.name = "altered" + std::to_string(step_);
                spec.args = {"true"};
                spec.hold = pick(0, 3) == 0;
                const JobId waits_for = pick_id(live);
                return Altered{
                    id,
                    spec,
                    {waits_for},
                    pick(0, 1) == 0 ? std::vector<JobId>{} : std::vector<JobId>{waits_for},
                    "ada",
                    "job name"};
            }
            case 8:
                return Requeued{id, "node lost", pick(0, 1) == 0 ? "" : node(), pick(0, 1) == 1};
            case 9:
                return Errored{id, "could not be set up", pick(0, 1) == 1};
            case 10:
                return DependencyEnded{id, pick_id(live), pick(0, 1) == 0 ? "" : "failed (exit 1)"};
            case 11:
                return ErrorCleared{id, "root"};
            default:
                return RunForgotten{id, node()};
        }
    }

  private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

    JobId pick_id(const ActiveJobs& live) {
        if (!live.empty() && pick(0, 4) > 0) {
            auto it = live.begin();
            std::advance(it, pick(0, static_cast<int>(live.size()) - 1));
            return it->first;
        }
        return static_cast<JobId>(pick(1, static_cast<int>(next_id_)));  // maybe ended, or unknown
    }

    std::string node() { return "pi0" + std::to_string(pick(1, 3)); }

    Allocation allocation() {
        Allocation allocation;
        allocation.grants = {{.node = node(), .cores = {pick(0, 3)}, .memory = 1ULL << 20}};
        allocation.exclusive = pick(0, 5) == 0;
        return allocation;
    }

    ExitRecord exit_record(std::int64_t time) {
        ExitRecord exit;
        exit.exit_status = pick(0, 2);
        exit.failed = pick(0, 3) == 0 ? 100 : 0;
        exit.failure = exit.failed != 0 ? "node lost" : "";
        exit.end_time = pick(0, 1) == 0 ? 0 : time;
        exit.host = node();
        return exit;
    }

    Event submitted() {
        Job job = make_job(next_id_, "job" + std::to_string(next_id_),
                           pick(0, 3) == 0 ? JobState::Held : JobState::Pending,
                           pick(0, 1) == 0 ? "token-" + std::to_string(next_id_) : "");
        if (next_id_ > 1 && pick(0, 2) == 0) job.waiting_for = {next_id_ - 1};
        if (!job.waiting_for.empty() && pick(0, 1) == 0) job.after_ok = job.waiting_for;
        if (pick(0, 3) == 0) {  // a whole array: one event, one row, its tasks jobs of their own
            job.spec.task_first = pick(1, 3);
            job.spec.task_last = job.spec.task_first + pick(0, 6);
            job.spec.task_step = pick(1, 2);
        }
        ++next_id_;
        return Submitted{job};
    }

    std::mt19937 random_;
    JobId next_id_ = 1;
    std::size_t step_ = 0;
};

std::string dump(const ActiveJobs& jobs) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [id, job] : jobs)
        out.push_back(nlohmann::json(job));
    return out.dump(1);
}

class ReplayTest : public SpoolTest, public ::testing::WithParamInterface<unsigned> {};

TEST_P(ReplayTest, ReplayedJobsEqualTheLiveOnes) {
    auto spool = open_spool();
    EventSource source(GetParam());
    ActiveJobs live;
    std::size_t recorded = 0;
    for (int batch = 0; batch < 20; ++batch) {
        must(spool->begin());
        for (int i = 0; i < 25; ++i) {
            const Event event = source.next(live);
            // The scheduler's order: the event applies to the job as it stands, or is refused
            // and never written.
            ActiveJobs after = live;
            auto applied = events::apply(after, event);
            if (!applied) continue;
            must(spool->record(event, 1'700'000'000));
            if (applied->ended) must(spool->save_job(*applied->ended));
            live = std::move(after);
            ++recorded;
        }
        must(spool->commit());
        auto reader = value_of(Spool::open_read_only(path));
        const auto replayed = value_of(reader->replay_active_jobs());
        EXPECT_TRUE(replayed.refused.empty()) << replayed.refused.front();
        ASSERT_EQ(dump(replayed.jobs), dump(live)) << "after batch " << batch;
    }
    EXPECT_GT(recorded, 100U) << "the sequences must exercise the events, not only refusals";
}

TEST_P(ReplayTest, AnUncommittedTurnIsNotReplayed) {
    auto spool = open_spool();
    EventSource source(GetParam());
    ActiveJobs live;
    // One turn of 40 events, as the scheduler writes it; the live jobs take what applies.
    const auto turn = [&] {
        must(spool->begin());
        for (int i = 0; i < 40; ++i) {
            const Event event = source.next(live);
            auto applied = events::apply(live, event);
            if (!applied) continue;
            must(spool->record(event, 1'700'000'000));
            if (applied->ended) must(spool->save_job(*applied->ended));
        }
    };
    turn();
    must(spool->commit());
    const std::string committed = dump(live);
    turn();
    must(spool->rollback());
    auto reader = value_of(Spool::open_read_only(path));
    EXPECT_EQ(dump(value_of(reader->replay_active_jobs()).jobs), committed);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ReplayTest, ::testing::Values(1U, 2U, 3U, 42U, 2026U, 31337U));

TEST_F(SpoolTest, EventsOfAnOlderSpoolWithoutFieldsAreNotReplayed) {
    auto spool = open_spool();
    auto job = make_job(1, "old", JobState::Running);
    job.allocation.grants = {{.node = "pi01", .cores = {0}, .memory = 0}};
    must(spool->save_job(job));  // an older bramble rewrote the row with every event
    spool.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db,
                           "INSERT INTO job_events(id, time, event) VALUES (1, 100, 'dispatched to "
                           "pi01 (1 slot)')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    const auto replayed = value_of(open_spool()->replay_active_jobs());
    ASSERT_EQ(replayed.jobs.size(), 1U);
    EXPECT_EQ(replayed.jobs.at(1).state, JobState::Running);
    EXPECT_EQ(replayed.events, 0U);
}

}  // namespace
}  // namespace bramble::store
