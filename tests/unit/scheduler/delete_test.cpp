// qdel: who may delete, what each case answers (Grid Engine's words), and when resources are freed.
#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using DeleteTest = SchedulerTest;

wire::DeleteReply delete_reply(wire::Message message) {
    return std::get<wire::DeleteReply>(std::move(message));
}

TEST_F(DeleteTest, AnswersEachCaseAsGridEngineDoes) {
    const JobId id = submit(kAlice, serial_job("mine"));
    struct Case {
        Caller caller;
        std::string key;
        std::string line;
        bool failed;
    };
    const Case cases[] = {
        {kBob, "1", "denied: \"bob\" is not the owner of job 1", true},
        {kAlice, "77", "denied: job \"77\" does not exist", true},
        {kAlice, "1", "alice has deleted job 1", false},
        {kAlice, "1", "denied: job \"1\" does not exist", true},  // already gone
    };
    for (const auto& c : cases) {
        auto reply = delete_reply(call(c.caller, wire::DeleteRequest{{c.key}, {}, false}));
        ASSERT_EQ(reply.lines.size(), 1U) << c.line;
        EXPECT_EQ(reply.lines.front(), c.line);
        EXPECT_EQ(reply.failed, c.failed) << c.line;
    }
    auto deleted = detail(id);
    ASSERT_TRUE(deleted.has_value());
    EXPECT_EQ(deleted->state, JobState::Deleted);
}

TEST_F(DeleteTest, AManagerMayDeleteAnybodysJobs) {
    submit(kAlice, serial_job("a"));
    submit(kBob, serial_job("b"));
    auto reply = delete_reply(call(kRoot, wire::DeleteRequest{{}, {"alice", "bob"}, false}));
    EXPECT_EQ(reply.lines,
              (std::vector<std::string>{"root has deleted job 1", "root has deleted job 2"}));
    EXPECT_TRUE(scheduler_->jobs().empty());
}

TEST_F(DeleteTest, ByNameDeletesOnlyTheCallersJobs) {
    submit(kAlice, serial_job("same"));
    submit(kBob, serial_job("same"));
    auto reply = delete_reply(call(kBob, wire::DeleteRequest{{"same"}, {}, false}));
    EXPECT_EQ(reply.lines, (std::vector<std::string>{"bob has deleted job 2"}));
    EXPECT_NE(job(1), nullptr);
}

TEST_F(DeleteTest, ARunningJobIsKilledAndFreedWhenItsNodeReportsTheEnd) {
    auto link = register_node("pi01", 1);
    const JobId id = submit(kAlice, serial_job("long"));
    const JobId next = submit(kAlice, serial_job("next"));
    from_node(link, "pi01", wire::JobStarted{id});

    auto reply = delete_reply(call(kAlice, wire::DeleteRequest{{"1"}, {}, false}));
    EXPECT_EQ(reply.lines,
              (std::vector<std::string>{"alice has registered the job 1 for deletion"}));
    ASSERT_EQ(link->sent_of<wire::KillJob>().size(), 1U);
    EXPECT_EQ(job(id)->state, JobState::Deleting);
    EXPECT_EQ(job(next)->state, JobState::Pending) << "the core is still held";

    ExitRecord killed;
    killed.exit_status = 137;
    from_node(link, "pi01", wire::JobFinished{id, killed});
    EXPECT_EQ(job(id), nullptr);
    EXPECT_EQ(job(next)->state, JobState::Dispatched);
    EXPECT_TRUE(detail(id)->deleted);
}

TEST_F(DeleteTest, ForceFreesTheAllocationAtOnce) {
    auto link = register_node("pi01", 1);
    const JobId id = submit(kAlice, serial_job("stuck"));
    const JobId next = submit(kAlice, serial_job("next"));
    auto reply = delete_reply(call(kAlice, wire::DeleteRequest{{"1"}, {}, true}));
    EXPECT_EQ(reply.lines, (std::vector<std::string>{"alice has deleted job 1"}));
    EXPECT_EQ(link->sent_of<wire::KillJob>().size(), 1U);
    EXPECT_EQ(job(id), nullptr);
    EXPECT_EQ(job(next)->state, JobState::Dispatched);
    EXPECT_EQ(detail(id)->exit.failed, 100);
}

}  // namespace
}  // namespace bramble::scheduler::test
