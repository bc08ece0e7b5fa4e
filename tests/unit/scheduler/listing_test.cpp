// qstat's listings: whose jobs, which states, no scripts, and fast enough for a big queue.

#include "allocator.hpp"
#include "scheduler_fixture.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace bramble::scheduler::test {
namespace {

using ListingTest = SchedulerTest;

std::vector<JobId> ids_of(const wire::Message& reply) {
    std::vector<JobId> ids;
    for (const auto& job : std::get<wire::JobsReply>(reply).jobs)
        ids.push_back(job.id);
    return ids;
}

TEST_F(ListingTest, FiltersByOwnerAndStateLetters) {
    auto link = register_node("pi01", 1);
    submit(kAlice, serial_job("running"));  // 1: dispatched (r)
    submit(kAlice, serial_job("waiting"));  // 2: pending (p)
    JobSpec held = serial_job("held");
    held.hold = true;
    submit(kAlice, held);              // 3: held (p, h)
    submit(kBob, serial_job("bobs"));  // 4: pending
    struct Case {
        Caller caller;
        std::vector<std::string> users;
        std::string states;
        std::vector<JobId> ids;
    };
    const Case cases[] = {
        {kAlice, {}, "", {1, 2, 3}},         {kBob, {}, "", {4}},
        {kBob, {"*"}, "", {1, 2, 3, 4}},     {kBob, {"alice"}, "r", {1}},
        {kAlice, {}, "p", {2, 3}},           {kAlice, {}, "h", {3}},
        {kAlice, {"*"}, "pr", {1, 2, 3, 4}},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(ids_of(call(c.caller, wire::ListJobsRequest{c.users, c.states})), c.ids)
            << c.caller.user << " -s " << c.states;
    }
}

TEST_F(ListingTest, RowsCarryWhatQstatShowsWhileTheJobKeepsItsScript) {
    const JobId id = submit(kAlice, serial_job("s"));
    auto reply = call(kAlice, wire::ListJobsRequest{});
    const auto& rows = std::get<wire::JobsReply>(reply).jobs;
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows.front().id, id);
    EXPECT_EQ(rows.front().name, "s");
    EXPECT_EQ(rows.front().user, kAlice.user);
    EXPECT_EQ(rows.front().uid, kAlice.uid);
    EXPECT_EQ(rows.front().state, job(id)->state);
    EXPECT_EQ(rows.front().slots, 1);
    EXPECT_FALSE(job(id)->spec.script.empty());
}

// A finished job has left qstat -j, as in Grid Engine (qacct answers for it).
TEST_F(ListingTest, DetailFindsActiveAndNamedJobsAndListsTheMissingAndTheFinished) {
    auto link = register_node("pi01", 1);
    const JobId done = submit(kAlice, serial_job("done"));
    from_node(link, "pi01", wire::JobFinished{done, {}});
    submit(kAlice, serial_job("twin"));
    submit(kAlice, serial_job("twin"));
    auto reply = call(kBob, wire::JobDetailRequest{{"1", "twin", "404", "nameless"}});
    const auto& detail = std::get<wire::JobDetailReply>(reply);
    std::vector<JobId> ids;
    for (const auto& job : detail.jobs)
        ids.push_back(job.id);
    EXPECT_EQ(ids, (std::vector<JobId>{2, 3}));
    EXPECT_EQ(detail.pending_reasons.size(), detail.jobs.size());
    EXPECT_EQ(detail.missing, (std::vector<std::string>{"1", "404", "nameless"}));
}

// A big queue lists whole: every one of 10,000 queued jobs, and small enough for one frame once
// encoded. How fast is measured by bench/throughput.sh, not asserted here.
TEST_F(ListingTest, TenThousandQueuedJobsListWholeInOneFrame) {
    for (int i = 0; i < 10'000; ++i) {
        scheduler_->handle_client(kAlice, wire::SubmitRequest{serial_job("bulk"), ""},
                                  [](wire::Message) {});
    }
    settle();
    auto reply = call(kAlice, wire::ListJobsRequest{{"*"}, ""});
    EXPECT_EQ(std::get<wire::JobsReply>(reply).jobs.size(), 10'000U);
    EXPECT_LT(wire::encode(reply).size(), wire::kMaxFrameBytes / 4);
}

}  // namespace
}  // namespace bramble::scheduler::test
