// The codec: every message survives a round trip; untrusted bytes give errors, never exceptions.
#include "wire/codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/task_id.hpp"
#include "wire/frame.hpp"
#include "wire/jobs_listing.hpp"

namespace bramble::wire {
namespace {

TEST(Codec, SubmitRoundTripKeepsTheSpec) {
    SubmitRequest request;
    request.token = "0123abcd";
    request.spec.name = "pi";
    request.spec.script = "#!/bin/sh\necho hi\n";
    request.spec.slots = 4;
    request.spec.memory_per_slot = 512ull << 20;
    request.spec.env = {{"A", "1"}, {"B", "two"}};
    auto decoded = decode(encode(request));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    const auto& back = std::get<SubmitRequest>(*decoded);
    EXPECT_EQ(back.token, "0123abcd");
    EXPECT_EQ(back.spec.name, "pi");
    EXPECT_EQ(back.spec.script, request.spec.script);
    EXPECT_EQ(back.spec.slots, 4);
    EXPECT_EQ(back.spec.memory_per_slot, 512ull << 20);
    EXPECT_EQ(back.spec.env, request.spec.env);
}

TEST(Codec, EveryMessageTypeHasItsOwnName) {
    EXPECT_EQ(type_name(Message{ListNodesRequest{}}), "list_nodes");
    EXPECT_EQ(type_name(Message{JobFinished{}}), "job_finished");
    auto decoded = decode(encode(Message{FinishedAck{42}}));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    EXPECT_EQ(std::get<FinishedAck>(*decoded).id, 42u);
}

// A relayed request carries the tool's request as bytes; the largest a node relays still fits a
// frame once escaped inside the relay message (every byte a quote, the worst case, doubles).
TEST(Codec, ARelayedRequestCarriesTheToolsRequestAndStillFitsAFrame) {
    const std::string inner = encode(ListJobsRequest{{"*"}, "pr", false});
    auto decoded = decode(encode(RelayedRequest{9, 1001, 1002, "alice", inner}));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    const auto& back = std::get<RelayedRequest>(*decoded);
    EXPECT_EQ(back.id, 9u);
    EXPECT_EQ(back.uid, 1001u);
    EXPECT_EQ(back.gid, 1002u);
    EXPECT_EQ(back.user, "alice");
    auto request = decode(back.request);
    ASSERT_TRUE(request.ok()) << request.message();
    EXPECT_EQ(std::get<ListJobsRequest>(*request).states, "pr");
    const std::string worst(kMaxRelayedBytes, '"');
    EXPECT_LE(encode(RelayedReply{~std::uint64_t{0}, worst}).size(), kMaxFrameBytes - 1024);
}

TEST(Codec, ATerminalAttachAndItsWindowChangesSurviveTheTrip) {
    RemoteCommand attach;
    attach.job = 7;
    attach.attach = true;
    attach.pty = true;
    attach.window = {33, 101};
    auto decoded = decode(encode(attach));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    const auto& back = std::get<RemoteCommand>(*decoded);
    EXPECT_TRUE(back.pty);
    EXPECT_EQ(back.window.rows, 33);
    EXPECT_EQ(back.window.cols, 101);
    auto window = decode(encode(RemoteWindow{40, 120}));
    ASSERT_TRUE(window.ok()) << window.message();
    EXPECT_EQ(std::get<RemoteWindow>(*window).cols, 120);
    // A size that is not a number is refused here; one out of range is the execd's to refuse.
    auto bad = decode(R"({"v":1,"type":"remote_window","rows":"many","cols":3})");
    EXPECT_FALSE(bad.ok());
}

TEST(Codec, ConfigReplyRoundTripKeepsWhatQconfShows) {
    ConfigReply reply;
    reply.queue = "all.q";
    reply.head_host = "head";
    reply.managers = {"root", "ops"};
    reply.pes = {{"mpi", "$fill_up", 64}, {"two", "2", 0}};
    reply.nodes = {{"pi03", {{"role", "web"}}, {{"scratch", 100ull << 30}}, {"fan", "led"}}};
    reply.user_limits = {{"*", 20, 16}};
    reply.max_walltime = 7200;
    reply.rerun = true;
    auto decoded = decode(encode(reply));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    const auto& back = std::get<ConfigReply>(*decoded);
    EXPECT_EQ(back.managers, reply.managers);
    ASSERT_EQ(back.pes.size(), 2u);
    EXPECT_EQ(back.pes[0].allocation_rule, "$fill_up");
    EXPECT_EQ(back.pes[0].max_slots, 64);
    ASSERT_EQ(back.nodes.size(), 1u);
    EXPECT_EQ(back.nodes[0].consumables.at("scratch"), 100ull << 30);
    EXPECT_EQ(back.nodes[0].gpio_lines, reply.nodes[0].gpio_lines);
    ASSERT_EQ(back.user_limits.size(), 1u);
    EXPECT_EQ(back.user_limits[0].max_slots, 16);
    EXPECT_EQ(back.max_walltime, 7200);
    EXPECT_TRUE(back.rerun);
    EXPECT_EQ(type_name(Message{ConfigRequest{}}), "config");
    EXPECT_TRUE(std::holds_alternative<ConfigRequest>(*decode(encode(ConfigRequest{}))));
}

TEST(Codec, JobsReplyRoundTripKeepsEveryRowField) {
    JobsReply reply;
    reply.jobs.push_back(JobRow{7,
                                "mpi job",
                                "alice",
                                1001,
                                "staff",
                                50,
                                "physics",
                                JobState::Running,
                                1763890621,
                                1763890800,
                                4,
                                "mpi",
                                -5,
                                {{"pi01", {0, 1}, 0}, {"pi02", {2, 3}, 0}},
                                0.61234,
                                0.5,
                                0.75,
                                0.01});
    // Task 3 of array job 9: the id takes all 64 bits.
    reply.jobs.push_back(JobRow{task_job_id(9, 3),
                                "w\u00e9",
                                "bob",
                                1002,
                                "bob",
                                1002,
                                "",
                                JobState::Held,
                                1763890700,
                                0,
                                1,
                                "",
                                0,
                                {}});
    reply.jobs.back().task_step = 3;
    reply.jobs.front().held = true;
    auto decoded = decode(encode(reply));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    const auto& rows = std::get<JobsReply>(*decoded).jobs;
    ASSERT_EQ(rows.size(), 2U);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const JobRow& want = reply.jobs[i];
        const JobRow& got = rows[i];
        EXPECT_EQ(got.id, want.id);
        EXPECT_EQ(got.name, want.name);
        EXPECT_EQ(got.user, want.user);
        EXPECT_EQ(got.uid, want.uid);
        EXPECT_EQ(got.group, want.group);
        EXPECT_EQ(got.gid, want.gid);
        EXPECT_EQ(got.account, want.account);
        EXPECT_EQ(got.state, want.state);
        EXPECT_EQ(got.submit_time, want.submit_time);
        EXPECT_EQ(got.start_time, want.start_time);
        EXPECT_EQ(got.slots, want.slots);
        EXPECT_EQ(got.pe, want.pe);
        EXPECT_EQ(got.priority, want.priority);
        EXPECT_DOUBLE_EQ(got.score, want.score);
        EXPECT_DOUBLE_EQ(got.priority_part, want.priority_part);
        EXPECT_DOUBLE_EQ(got.fair_share_part, want.fair_share_part);
        EXPECT_DOUBLE_EQ(got.waiting_part, want.waiting_part);
        EXPECT_EQ(got.task_step, want.task_step);
        EXPECT_EQ(got.held, want.held);
        ASSERT_EQ(got.grants.size(), want.grants.size());
        for (std::size_t g = 0; g < got.grants.size(); ++g) {
            EXPECT_EQ(got.grants[g].node, want.grants[g].node);
            EXPECT_EQ(got.grants[g].cores, want.grants[g].cores);
        }
    }
}

// The listing is written as text, not through a JSON document: names that need escaping (quotes,
// backslashes, control characters, invalid UTF-8) come out as JSON, and back as what was sent
// (invalid bytes as U+FFFD, as everywhere on the wire).
TEST(Codec, ListingNamesThatNeedEscapingSurviveTheTrip) {
    JobsReply reply;
    JobRow row;
    row.id = 3;
    row.name = "say \"hi\"\\\n\tnow";
    row.user = "bad\xff";
    row.pe = "caf\u00e9";
    reply.jobs.push_back(row);
    const std::string text = encode(reply);
    auto decoded = decode(text);
    ASSERT_TRUE(decoded.ok()) << decoded.message() << "\n" << text;
    const JobRow& got = std::get<JobsReply>(*decoded).jobs.at(0);
    EXPECT_EQ(got.name, row.name);
    EXPECT_EQ(got.user, "bad\ufffd");
    EXPECT_EQ(got.pe, row.pe);
}

// qstat -ext and -r ask for the jobs' requests; a plain listing carries none, not even the key.
TEST(Codec, ListingRequestsTravelOnlyWhenThereAreAny) {
    JobsReply reply;
    reply.jobs.resize(2);
    reply.jobs[0].id = 4;
    reply.jobs[1].id = 5;
    EXPECT_EQ(encode(reply).find("requests"), std::string::npos);
    reply.jobs[1].project = "climate";
    reply.jobs[1].hard_resources = {"h_rt=600", "h_vmem=2G"};
    reply.jobs[1].hard_queues = {"all.q@pi01"};
    reply.jobs[1].predecessors_requested = {"4", "prep"};
    reply.jobs[1].predecessors = {4, task_job_id(3, 2)};
    auto decoded = decode(encode(reply));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    const auto& rows = std::get<JobsReply>(*decoded).jobs;
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].project, "");
    EXPECT_TRUE(rows[0].hard_resources.empty());
    EXPECT_EQ(rows[1].project, "climate");
    EXPECT_EQ(rows[1].hard_resources, reply.jobs[1].hard_resources);
    EXPECT_EQ(rows[1].hard_queues, reply.jobs[1].hard_queues);
    EXPECT_EQ(rows[1].predecessors_requested, reply.jobs[1].predecessors_requested);
    EXPECT_EQ(rows[1].predecessors, reply.jobs[1].predecessors);

    const auto request = decode(encode(ListJobsRequest{{"*"}, "p", true}));
    ASSERT_TRUE(request.ok()) << request.message();
    EXPECT_TRUE(std::get<ListJobsRequest>(*request).requests);
}

JobRow waiting_task(JobId array, int task, int step) {
    JobRow row;
    row.id = task_job_id(array, task);
    row.name = "sweep";
    row.user = "alice";
    row.state = JobState::Pending;
    row.submit_time = 1763890700;
    row.task_step = step;
    return row;
}

// qstat -u '*' with 100,000 waiting tasks: rows equal but for the id travel as one run, so that
// the reply fits in a frame, and come back as the rows that were sent.
TEST(Codec, WaitingTasksOfAnArrayTravelAsOneRowAndComeBackAsTheirRows) {
    JobsReply reply;
    for (int task = 1; task <= 100000; ++task)
        reply.jobs.push_back(waiting_task(9, task, 1));
    const std::string text = encode(reply);
    EXPECT_LT(text.size(), 200U) << text.substr(0, 400);
    auto decoded = decode(text);
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    EXPECT_TRUE(std::get<JobsReply>(*decoded).jobs == reply.jobs);
}

// A run ends where a row differs in anything but its id, or where its task number does not follow
// by the array's step; requests travel once per row written.
TEST(Codec, ARunEndsAtTheFirstRowThatDiffers) {
    JobsReply reply;
    reply.jobs.push_back(JobRow{2, "plain", "bob"});
    for (const int task : {1, 3, 5, 9, 11})
        reply.jobs.push_back(waiting_task(9, task, 2));
    reply.jobs[5].state = JobState::Held;  // task 11
    reply.jobs.push_back(waiting_task(9, 13, 2));
    reply.jobs.back().grants = {{"pi01", {0}}};
    reply.jobs.back().start_time = 1763890800;
    reply.jobs.back().state = JobState::Running;
    reply.jobs.push_back(waiting_task(10, 1, 1));
    reply.jobs.push_back(waiting_task(10, 2, 1));
    for (JobRow& row : reply.jobs)
        row.project = "climate";
    reply.jobs.back().hard_queues = {"all.q"};
    EXPECT_EQ(run_after(reply.jobs, 0), 0U);
    EXPECT_EQ(run_after(reply.jobs, 1), 2U);  // 9.1, 9.3 and 9.5; 9.7 is not there
    EXPECT_EQ(run_after(reply.jobs, 4), 0U);  // 9.9 pending, 9.11 held
    EXPECT_EQ(run_after(reply.jobs, 7), 0U);  // 10.2 asks for a queue
    auto decoded = decode(encode(reply));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    EXPECT_TRUE(std::get<JobsReply>(*decoded).jobs == reply.jobs);
}

TEST(Codec, OtherMessagesWithAJobsFieldStillDecode) {
    auto decoded = decode(encode(DeleteRequest{{"1", "name"}, {"alice"}, true}));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    EXPECT_EQ(std::get<DeleteRequest>(*decoded).jobs, (std::vector<std::string>{"1", "name"}));
    JobDetailReply detail;
    detail.jobs.emplace_back().spec.name = "full";
    decoded = decode(encode(detail));
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    EXPECT_EQ(std::get<JobDetailReply>(*decoded).jobs.at(0).spec.name, "full");
}

struct BadBody {
    std::string body;
    std::string error;
};

class CodecRejects : public ::testing::TestWithParam<BadBody> {};

TEST_P(CodecRejects, WithAMessageForPeople) {
    auto decoded = decode(GetParam().body);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.message().find(GetParam().error), std::string::npos) << decoded.message();
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, CodecRejects,
    ::testing::Values(
        BadBody{"", "not a JSON object"}, BadBody{"\x01\x02garbage", "not a JSON object"},
        BadBody{"[1,2]", "not a JSON object"},
        BadBody{R"({"type":"submit"})", "unsupported protocol version"},
        BadBody{R"({"v":99,"type":"submit"})", "unsupported protocol version"},
        BadBody{R"({"v":1})", "no type"},
        BadBody{R"({"v":1,"type":"launch_missiles"})", "unknown message type 'launch_missiles'"},
        BadBody{R"({"v":1,"type":"finished_ack","id":"forty-two"})",
                "malformed 'finished_ack' message"},
        BadBody{R"({"v":1,"type":"submit","spec":{"slots":"many"}})", "malformed 'submit' message"},
        BadBody{R"({"v":1,"type":"jobs","jobs":[[1,"a","u",0,"g",0,"","pending"]]})",
                "malformed 'jobs' message: job row 0"},
        BadBody{R"({"v":1,"type":"jobs","jobs":[[1,"a","u",0,"g",0,"","asleep",)"
                R"(0,0,1,"",0,[]]]})",
                "unknown state 'asleep'"},
        BadBody{R"({"v":1,"type":"jobs","jobs":[{"id":1}]})", "malformed 'jobs' message"},
        BadBody{R"({"v":1,"type":"jobs"})", "malformed 'jobs' message"},
        BadBody{R"({"v":1,"type":"delete","jobs":[[1]]})", "job row 0"},
        BadBody{R"({"v":1,"type":"jobs","jobs":[],"requests":[["p",[],[],[],[]]]})",
                "'requests' is not one entry per job"},
        BadBody{R"({"v":1,"type":"jobs","jobs":[[1,"a","u",0,"g",0,"","pending",)"
                R"(0,0,1,"",0,[],0,0,0,0]],"requests":[[1,2]]})",
                "malformed 'jobs' message"},
        // A float where an integer belongs, too large or too negative for it: refused before any
        // field reads it (the cast would be undefined; the fuzzer found the first).
        BadBody{R"({"v":1,"type":"submit","token":"t","spec":{"priority":-666666666666666666666}})",
                "is out of range"},
        BadBody{R"({"v":1,"type":"relayed_request","id":1,"uid":-1.5,"gid":0,"user":"a"})",
                "is out of range"},
        // A run is of array tasks only, and ends at the array's last possible task.
        BadBody{R"({"v":1,"type":"jobs","jobs":[[1,"a","u",0,"g",0,"","pending",)"
                R"(0,0,1,"",0,[],0,0,0,0,1,0,5]]})",
                "job row 0"},
        BadBody{R"({"v":1,"type":"jobs","jobs":[[9223372036864212995,"a","u",0,"g",0,"",)"
                R"("pending",0,0,1,"",0,[],0,0,0,0,1,0,1048573]]})",
                "job row 0"},
        BadBody{R"({"v":1,"type":"jobs","jobs":[[9223372036864212993,"a","u",0,"g",0,"",)"
                R"("pending",0,0,1,"",0,[],0,0,0,0,1,0,1048574],)"
                R"([9223372036864212993,"a","u",0,"g",0,"","pending",0,0,1,"",0,[],0,0,0,0,1,0,)"
                R"(1048574],)"
                R"([9223372036864212993,"a","u",0,"g",0,"","pending",0,0,1,"",0,[],0,0,0,0,1,0,)"
                R"(1048574]]})",
                "stand for more than 1048576 jobs"}));

}  // namespace
}  // namespace bramble::wire
