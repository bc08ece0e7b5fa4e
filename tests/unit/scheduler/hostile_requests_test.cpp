// What a raw client gets when it sends what qsub never would: each field refused by name, nothing
// queued, no file opened; the per-user cap; the walltime the node is told; and what another
// user's qstat -j carries.
#include <gmock/gmock.h>

#include <climits>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using HostileRequestsTest = SchedulerTest;

std::string refusal(const wire::Message& reply) {
    const auto* error = std::get_if<wire::ErrorReply>(&reply);
    return error == nullptr ? "accepted" : error->message;
}

TEST_F(HostileRequestsTest, FieldsNoQsubWouldSendAreRefusedAndNothingIsQueued) {
    struct Case {
        const char* title;
        void (*change)(JobSpec&);
        std::string refusal;
    };
    const Case cases[] = {
        {"escape codes and a newline in the name", [](JobSpec& s) { s.name = "x\x1b[31m\nfake"; },
         "job name \"x\\x1b[31m\\x0afake\" contains a control character (byte 0x1b at position "
         "2): names are printable characters without blanks or / : @ \\ * ?"},
        {"INT_MIN priority", [](JobSpec& s) { s.priority = INT_MIN; },
         "priority -2147483648 is out of range: priorities are -1023..1024"},
        {"slots_max 2^31-1", [](JobSpec& s) { s.slots_max = INT_MAX; },
         "slots_max 2147483647 is out of range: the most slots is 0 (exactly slots) or from "
         "slots (1) to 4096"},
        {"walltime -1", [](JobSpec& s) { s.walltime = -1; },
         "walltime -1 is out of range: seconds from 1 to 316224000 (ten years), or 0 for the "
         "queue's default"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.title);
        JobSpec spec = serial_job("x");
        c.change(spec);
        EXPECT_EQ(refusal(call(kBob, wire::SubmitRequest{spec, "t"})), c.refusal);
    }
    EXPECT_TRUE(scheduler_->jobs().empty());
    EXPECT_NE(submit(kAlice, serial_job("fine")), 0U) << "others are served meanwhile";
}

TEST_F(HostileRequestsTest, AJobWithoutANameIsNamedAndThatNameChecked) {
    JobSpec spec = serial_job("");
    spec.script_path = "/tmp/evil\x1b[2J.sh";
    EXPECT_EQ(refusal(call(kBob, wire::SubmitRequest{spec, ""})),
              "job name \"evil\\x1b[2J.sh\" contains a control character (byte 0x1b at position "
              "5): names are printable characters without blanks or / : @ \\ * ?");
}

TEST_F(HostileRequestsTest, QalterWithAnOptionsFileIsRefusedWithoutOpeningIt) {
    const JobId id = submit(kBob, serial_job("mine"));
    const auto reply =
        call(kBob, wire::AlterRequest{{std::to_string(id)}, {"-@", "/etc/shadow"}, "/"});
    EXPECT_EQ(refusal(reply),
              "qalter -@: options files are read by qalter, as the user; the scheduler reads no "
              "file on anybody's behalf (send the options the file holds)");
    EXPECT_EQ(job(id)->spec.name, "mine");
}

TEST_F(HostileRequestsTest, QalterChangesAreCheckedAsSubmissionsAre) {
    const JobId id = submit(kBob, serial_job("mine"));
    const auto reply = call(kBob, wire::AlterRequest{{std::to_string(id)}, {"-A", "a\tb"}, "/"});
    const auto* lines = std::get_if<wire::DeleteReply>(&reply);
    ASSERT_NE(lines, nullptr) << refusal(reply);
    EXPECT_TRUE(lines->failed);
    EXPECT_EQ(lines->lines.front(),
              "job " + std::to_string(id) +
                  ": option -A: account \"a\\x09b\" contains a control character (byte 0x09 at "
                  "position 2): names are printable characters without blanks or / : @ \\ * ?");
    EXPECT_TRUE(job(id)->spec.account.empty());
}

TEST_F(HostileRequestsTest, EachUserMayQueueUpToTheCap) {
    config_.max_queued_per_user = 3;
    restart();
    submit(kBob, serial_job("a"));
    JobSpec array = serial_job("b");
    array.task_first = 1, array.task_last = 2;  // two tasks: 3 queued
    submit(kBob, array);
    EXPECT_EQ(refusal(call(kBob, wire::SubmitRequest{serial_job("c"), ""})),
              "user bob already has 3 jobs and tasks queued (max_queued_per_user: 3)");
    EXPECT_NE(submit(kAlice, serial_job("a")), 0U) << "the cap is per user";
    array.task_last = 3;
    EXPECT_EQ(refusal(call(kAlice, wire::SubmitRequest{array, ""})),
              "user alice has 1 jobs and tasks queued and this submission adds 3, more than "
              "max_queued_per_user (3) allows");
    EXPECT_EQ(refusal(call(kRoot, wire::SubmitRequest{array, ""})), "accepted");
}

// The count behind the cap follows the queue: a restart restores it, a job that leaves frees room.
TEST_F(HostileRequestsTest, TheCapCountsWhatIsQueuedAcrossARestartAndFreesWhatLeaves) {
    config_.max_queued_per_user = 2;
    restart();
    const JobId first = submit(kBob, serial_job("a"));
    submit(kBob, serial_job("b"));
    restart();
    EXPECT_EQ(refusal(call(kBob, wire::SubmitRequest{serial_job("c"), ""})),
              "user bob already has 2 jobs and tasks queued (max_queued_per_user: 2)");
    EXPECT_THAT(refusal(call(kBob, wire::DeleteRequest{{std::to_string(first)}, {}, false})),
                ::testing::Not(::testing::HasSubstr("queued")));
    EXPECT_EQ(refusal(call(kBob, wire::SubmitRequest{serial_job("c"), ""})), "accepted");
}

TEST_F(HostileRequestsTest, TheNodeIsToldTheWalltimeThePlannerAssumed) {
    config_.queue_limits = {8, 15};  // default_walltime 8 s, max_walltime 15 s
    restart();
    const JobId plain = submit(kAlice, serial_job("plain"));
    JobSpec asked = serial_job("asked");
    asked.walltime = 12;
    const JobId explicit_walltime = submit(kAlice, asked);
    asked.walltime = 16;
    EXPECT_EQ(refusal(call(kAlice, wire::SubmitRequest{asked, ""})),
              "h_rt=00:00:16 is longer than queue all.q allows (00:00:15)");
    auto link = register_node("pi01", 2);
    const auto starts = link->sent_of<wire::StartJob>();
    ASSERT_EQ(starts.size(), 2U);
    for (const auto& start : starts) {
        EXPECT_EQ(start.job.spec.walltime, start.job.id == plain ? 8 : 12);
    }
    EXPECT_EQ(job(plain)->spec.walltime, 0) << "qstat -j shows what the user asked for";
    EXPECT_NE(explicit_walltime, 0U);
}

TEST_F(HostileRequestsTest, AnotherUsersDetailCarriesNoScript) {
    const JobId id = submit(kAlice, serial_job("secret"));
    auto detail_for = [&](const Caller& caller) {
        auto reply = call(caller, wire::JobDetailRequest{{std::to_string(id)}});
        return std::get<wire::JobDetailReply>(reply).jobs.at(0);
    };
    const Job seen_by_bob = detail_for(kBob);
    EXPECT_TRUE(seen_by_bob.spec.script.empty());
    EXPECT_TRUE(seen_by_bob.token.empty());
    EXPECT_EQ(seen_by_bob.spec.name, "secret") << "the rest is what Grid Engine shows";
    EXPECT_EQ(detail_for(kAlice).spec.script, "#!/bin/sh\necho hello\n");
    EXPECT_EQ(detail_for(kRoot).spec.script, "#!/bin/sh\necho hello\n");
}

}  // namespace
}  // namespace bramble::scheduler::test
