// The spool keeps jobs, their history and nodes, and only what was committed survives.
#include "store/spool.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include "spool_fixture.hpp"

namespace bramble::store {
namespace {

std::vector<JobId> ids_of(const std::vector<Job>& jobs) {
    std::vector<JobId> ids;
    for (const auto& job : jobs)
        ids.push_back(job.id);
    return ids;
}

TEST_F(SpoolTest, SavedJobLoadsBackWhole) {
    auto spool = open_spool();
    auto job = make_job(1, "pi", JobState::Running, "token-1");
    job.allocation.grants = {{.node = "pi01", .cores = {0, 1}, .memory = 1ULL << 30}};
    job.spec.resources = {{"h_vmem", "1G"}};
    must(spool->save_job(job));

    const auto loaded = value_of(spool->load_job(1));
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->spec.name, "pi");
    EXPECT_EQ(loaded->state, JobState::Running);
    EXPECT_EQ(loaded->owner.user, "ada");
    EXPECT_EQ(loaded->allocation.slots(), 2);
    EXPECT_EQ(loaded->spec.resources.at("h_vmem"), "1G");
    EXPECT_EQ(loaded->token, "token-1");
    EXPECT_FALSE(value_of(spool->load_job(2)).has_value());
}

TEST_F(SpoolTest, SavingAgainReplacesTheJob) {
    auto spool = open_spool();
    must(spool->save_job(make_job(1, "pi", JobState::Pending, "t")));
    auto job = make_job(1, "pi", JobState::Done, "t");
    job.exit.exit_status = 3;
    must(spool->save_job(job));
    const auto loaded = value_of(spool->load_job(1));
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->state, JobState::Done);
    EXPECT_EQ(loaded->exit.exit_status, 3);
    EXPECT_EQ(value_of(spool->load_jobs_named("pi")).size(), 1u);
}

TEST_F(SpoolTest, IdsStartAtOneAndSurviveReopening) {
    {
        auto spool = open_spool();
        EXPECT_EQ(value_of(spool->next_job_id()), 1u);
        EXPECT_EQ(value_of(spool->next_job_id()), 2u);
    }
    auto spool = open_spool();
    EXPECT_EQ(value_of(spool->next_job_id()), 3u);
}

TEST_F(SpoolTest, IdsNeverFallBelowASavedJob) {
    auto spool = open_spool();
    must(spool->save_job(make_job(10, "restored")));
    EXPECT_EQ(value_of(spool->next_job_id()), 11u);
}

TEST_F(SpoolTest, TokenFindsTheJobItCreated) {
    auto spool = open_spool();
    must(spool->save_job(make_job(1, "a", JobState::Pending, "first")));
    must(spool->save_job(make_job(2, "b", JobState::Pending, "second")));
    must(spool->save_job(make_job(3, "c")));  // no token
    must(spool->save_job(make_job(4, "d")));  // no token either: not a conflict
    EXPECT_EQ(value_of(spool->find_token("second")), std::optional<JobId>(2));
    EXPECT_EQ(value_of(spool->find_token("third")), std::nullopt);
    EXPECT_EQ(value_of(spool->find_token("")), std::nullopt);
}

TEST_F(SpoolTest, ATokenBelongsToOneJob) {
    auto spool = open_spool();
    must(spool->save_job(make_job(1, "a", JobState::Pending, "same")));
    const auto second = spool->save_job(make_job(2, "b", JobState::Pending, "same"));
    ASSERT_FALSE(second);
    EXPECT_EQ(second.message(),
              "cannot save job 2 in the spool " + path + ": UNIQUE constraint failed: jobs.token");
}

TEST_F(SpoolTest, ActiveJobsLeaveOutFinishedOnesInIdOrder) {
    auto spool = open_spool();
    const std::pair<JobId, JobState> table[] = {
        {5, JobState::Running},  {1, JobState::Pending},    {2, JobState::Done},
        {3, JobState::Held},     {4, JobState::Deleted},    {6, JobState::Error},
        {7, JobState::Deleting}, {8, JobState::Dispatched},
    };
    for (const auto& [id, state] : table)
        must(spool->save_job(make_job(id, "j", state)));
    EXPECT_EQ(ids_of(value_of(spool->load_active_jobs())), (std::vector<JobId>{1, 3, 5, 6, 7, 8}));
    EXPECT_TRUE(value_of(spool->load_job(2)).has_value());  // finished jobs stay for qacct
}

TEST_F(SpoolTest, JobsNamedFindsEveryJobOfThatName) {
    auto spool = open_spool();
    must(spool->save_job(make_job(1, "pi")));
    must(spool->save_job(make_job(2, "sort")));
    must(spool->save_job(make_job(3, "pi", JobState::Done)));
    EXPECT_EQ(ids_of(value_of(spool->load_jobs_named("pi"))), (std::vector<JobId>{1, 3}));
    EXPECT_TRUE(value_of(spool->load_jobs_named("nothing")).empty());
}

TEST_F(SpoolTest, EventsComeBackInTheOrderTheyHappened) {
    auto spool = open_spool();
    // Same timestamps on purpose: order is the order of recording, not of time.
    Allocation on_pi01;
    on_pi01.grants = {{.node = "pi01", .cores = {0}, .memory = 0}};
    ExitRecord exit;
    exit.host = "pi01";
    must(spool->record(events::Submitted{make_job(1, "a")}, 100));
    must(spool->record(events::Submitted{make_job(2, "b")}, 100));
    must(spool->record(events::Dispatched{1, on_pi01, 100}, 100));
    must(spool->record(events::Finished{1, exit, 99}, 99));
    const auto events = value_of(spool->load_events(1));
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].event, "submitted by ada");
    EXPECT_EQ(events[1].event, "dispatched to pi01 (1 slot)");
    EXPECT_EQ(events[2].event, "finished on pi01: exit 0");
    EXPECT_EQ(events[2].time, 99);
    EXPECT_EQ(events[2].id, 1u);
    EXPECT_TRUE(value_of(spool->load_events(3)).empty());
}

TEST_F(SpoolTest, NodesAreKeptByNameAndUpdated) {
    auto spool = open_spool();
    must(spool->save_node({"pi02", "raspberrypi", "lx-arm64", 4, 1, 4, 4ULL << 30}));
    must(spool->save_node({"pi01", "pi01", "lx-arm64", 4, 1, 4, 8ULL << 30}));
    must(spool->save_node({"pi02", "pi02", "lx-arm64", 2, 1, 2, 2ULL << 30}));
    const auto nodes = value_of(spool->load_nodes());
    ASSERT_EQ(nodes.size(), 2u);
    EXPECT_EQ(nodes[0].name, "pi01");
    EXPECT_EQ(nodes[1].name, "pi02");
    EXPECT_EQ(nodes[1].cores, 2);
    EXPECT_EQ(nodes[1].memory, 2ULL << 30);
}

TEST_F(SpoolTest, DisabledNodesAreKeptUntilEnabled) {
    {
        auto spool = open_spool();
        must(spool->disable_node("pi02", "root", 1'700'000'000));
        must(spool->disable_node("pi01", "root", 1'700'000'001));
        must(spool->disable_node("pi02", "ada", 1'700'000'002));
        must(spool->enable_node("pi01"));
        must(spool->enable_node("pi07"));
    }
    EXPECT_EQ(value_of(open_spool()->load_disabled_nodes()), (std::vector<std::string>{"pi02"}));
}

TEST_F(SpoolTest, RolledBackTransactionLeavesNothing) {
    auto spool = open_spool();
    must(spool->save_job(make_job(1, "kept")));
    must(spool->begin());
    const auto id = value_of(spool->next_job_id());
    must(spool->record(events::Submitted{make_job(id, "dropped", JobState::Pending, "tok")}, 1));
    must(spool->save_node({"pi09", "pi09", "lx-arm64", 4, 1, 4, 1}));
    must(spool->rollback());

    EXPECT_EQ(ids_of(value_of(spool->load_active_jobs())), (std::vector<JobId>{1}));
    EXPECT_EQ(value_of(spool->find_token("tok")), std::nullopt);
    EXPECT_TRUE(value_of(spool->load_events(id)).empty());
    EXPECT_TRUE(value_of(spool->load_nodes()).empty());
}

TEST_F(SpoolTest, CommittedTransactionKeepsEverything) {
    auto spool = open_spool();
    must(spool->begin());
    for (JobId id = 1; id <= 3; ++id)
        must(spool->save_job(make_job(id, "batch")));
    must(spool->commit());
    spool.reset();
    EXPECT_EQ(value_of(open_spool()->load_jobs_named("batch")).size(), 3u);
}

TEST_F(SpoolTest, ClosingWithoutCommitKeepsCommittedJobsOnly) {
    {
        auto spool = open_spool();
        must(spool->save_job(make_job(1, "committed")));
        must(spool->begin());
        must(spool->save_job(make_job(2, "uncommitted")));
    }
    EXPECT_EQ(ids_of(value_of(open_spool()->load_active_jobs())), (std::vector<JobId>{1}));
}

TEST_F(SpoolTest, CrashMidTransactionKeepsCommittedJobsOnly) {
    const pid_t child = fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
        // The child dies without closing anything, as a killed scheduler would.
        auto spool = Spool::open(path);
        const bool ok = spool && (*spool)->save_job(make_job(1, "committed")) &&
                        (*spool)->begin() &&
                        (*spool)->record(events::Submitted{make_job(2, "in flight")}, 1);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    auto spool = open_spool();
    EXPECT_EQ(ids_of(value_of(spool->load_active_jobs())), (std::vector<JobId>{1}));
    EXPECT_TRUE(value_of(spool->load_events(2)).empty());
    EXPECT_EQ(value_of(spool->next_job_id()), 2u);
}

TEST_F(SpoolTest, BeginTwiceIsAnError) {
    auto spool = open_spool();
    must(spool->begin());
    const auto again = spool->begin();
    ASSERT_FALSE(again);
    EXPECT_EQ(again.message(), "cannot start a transaction in the spool " + path +
                                   ": cannot start a transaction within a transaction");
    must(spool->rollback());
}

TEST_F(SpoolTest, JobWithoutAnIdIsRefused) {
    auto spool = open_spool();
    const auto saved = spool->save_job(make_job(0, "nobody"));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.message(), "cannot save a job without an id in the spool " + path);
}

TEST_F(SpoolTest, UsageIsKeptPerUserAndReplaced) {
    {
        auto spool = open_spool();
        must(spool->save_usage({"ada", 3600.5, 1'700'000'000}));
        must(spool->save_usage({"bob", 10, 1'700'000'100}));
        must(spool->save_usage({"ada", 7200, 1'700'000'200}));
    }
    const auto usage = value_of(open_spool()->load_usage());
    ASSERT_EQ(usage.size(), 2u);
    EXPECT_EQ(usage[0].user, "ada");
    EXPECT_DOUBLE_EQ(usage[0].value, 7200);
    EXPECT_EQ(usage[0].as_of, 1'700'000'200);
    EXPECT_EQ(usage[1].user, "bob");
}

}  // namespace
}  // namespace bramble::store
