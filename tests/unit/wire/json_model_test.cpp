// The model's JSON forms: every type survives a round trip, older documents with fields missing
// still load, and documents with fields of the wrong type are refused.
#include "wire/json_model.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <tuple>

namespace bramble {
namespace {

using nlohmann::json;

// Field-by-field views, so a field that to_json forgets shows up as a difference.
auto fields(const JobSpec& s) {
    return std::tie(s.name, s.binary, s.script, s.script_path, s.args, s.shell, s.workdir,
                    s.stdout_path, s.stderr_path, s.join, s.env, s.slots, s.slots_max, s.pe,
                    s.memory_per_slot, s.memory_per_job, s.walltime, s.nodes, s.queue, s.resources,
                    s.job_resources, s.labels, s.exclusive, s.gpio, s.task_first, s.task_last,
                    s.task_step, s.max_running_tasks, s.hold_jids, s.after_ok, s.hold_jids_by_task,
                    s.hold, s.priority, s.account, s.project, s.submit_host, s.submit_env);
}
auto fields(const Owner& o) {
    return std::tie(o.uid, o.gid, o.user, o.group);
}
auto fields(const ExitRecord& e) {
    return std::tie(e.exit_status, e.signal, e.failed, e.failure, e.wall_seconds, e.user_seconds,
                    e.system_seconds, e.max_rss_kb, e.minor_faults, e.major_faults, e.blocks_in,
                    e.blocks_out, e.voluntary_switches, e.involuntary_switches, e.start_time,
                    e.end_time, e.host);
}
auto fields(const NodeGrant& g) {
    return std::tie(g.node, g.cores, g.memory, g.consumables, g.gpio);
}
auto fields(const NodeInventory& n) {
    return std::tie(n.name, n.hostname, n.arch, n.cores, n.sockets, n.threads, n.memory);
}
auto fields(const NodeLoad& l) {
    return std::tie(l.load_avg, l.memory_used, l.swap_total, l.swap_used);
}

void expect_same(const Job& a, const Job& b) {
    EXPECT_EQ(
        std::tie(a.id, a.state, a.submit_time, a.start_time, a.end_time, a.deleted, a.deleted_by,
                 a.error_reason, a.token, a.waiting_for, a.after_ok, a.hold_reason),
        std::tie(b.id, b.state, b.submit_time, b.start_time, b.end_time, b.deleted, b.deleted_by,
                 b.error_reason, b.token, b.waiting_for, b.after_ok, b.hold_reason));
    EXPECT_EQ(fields(a.spec), fields(b.spec));
    EXPECT_EQ(fields(a.owner), fields(b.owner));
    EXPECT_EQ(fields(a.exit), fields(b.exit));
    EXPECT_EQ(a.allocation.exclusive, b.allocation.exclusive);
    ASSERT_EQ(a.allocation.grants.size(), b.allocation.grants.size());
    for (std::size_t i = 0; i < a.allocation.grants.size(); ++i) {
        EXPECT_EQ(fields(a.allocation.grants[i]), fields(b.allocation.grants[i]));
    }
}

template <class T>
T round_trip(const T& value) {
    return json::parse(json(value).dump()).get<T>();
}

JobSpec full_spec() {
    JobSpec spec;
    spec.name = "pi";
    spec.binary = true;
    spec.script = "#!/bin/sh\nmpirun ./pi\n";
    spec.script_path = "/home/ada/pi.sh";
    spec.args = {"mpirun", "-n", "8", "./pi"};
    spec.shell = "/bin/bash";
    spec.workdir = "/home/ada/runs";
    spec.stdout_path = "$HOME/out/$JOB_ID.o";
    spec.stderr_path = "/tmp/err";
    spec.join = true;
    spec.env = {{"OMP_NUM_THREADS", "1"}, {"A", "first"}, {"A", "second"}};
    spec.slots = 8;
    spec.pe = "mpi";
    spec.memory_per_slot = 6ULL << 30;  // above 2^32, so 64-bit sizes must survive
    spec.walltime = 72 * 3600;
    spec.slots_max = 16;
    spec.memory_per_job = 1ULL << 33;
    spec.nodes = {"pi0[1-3]", "pi10"};
    spec.queue = "all.q";
    spec.resources = {{"h_vmem", "6G"}, {"hostname", "pi0[1-3]"}};
    spec.job_resources = {{"scratch", "100G"}};
    spec.labels = {{"role", "web"}};
    spec.exclusive = true;
    spec.gpio = {"fan", "led"};
    spec.task_first = 1;
    spec.task_last = 99;
    spec.task_step = 2;
    spec.max_running_tasks = 5;
    spec.hold_jids = {"41", "prep"};
    spec.after_ok = {"prep"};
    spec.hold_jids_by_task = {"40"};
    spec.hold = true;
    spec.priority = -100;
    spec.account = "physics";
    spec.project = "pi-digits";
    spec.submit_host = "laptop";
    spec.submit_env = {{"HOME", "/home/ada"}, {"PATH", "/usr/bin:/bin"}};
    return spec;
}

Job full_job() {
    Job job;
    job.id = 42;
    job.spec = full_spec();
    job.owner = {1000, 100, "ada", "users"};
    job.state = JobState::Running;
    job.submit_time = 1'700'000'000;
    job.start_time = 1'700'000'010;
    job.end_time = 1'700'000'500;
    job.allocation.grants = {{.node = "pi01",
                              .cores = {0, 1, 2, 3},
                              .memory = 4ULL << 30,
                              .consumables = {{"gpu", 1}},
                              .gpio = {"fan"}},
                             {.node = "pi02", .cores = {2, 3}, .memory = 1ULL << 30}};
    job.allocation.exclusive = true;
    job.waiting_for = {40, 41};
    job.after_ok = {41};
    job.hold_reason = "dependency 39 failed: exit 1";
    job.exit = {137, 9,   37, "h_rt exceeded", 490.5,         1800.25, 12.75, 204800, 470, 3, 16,
                8,   120, 45, 1'700'000'010,   1'700'000'500, "pi01"};
    job.deleted = true;
    job.deleted_by = "root";
    job.error_reason = "working directory missing";
    job.token = "7f3c-submit";
    return job;
}

TEST(JsonModel, FullyPopulatedJobSurvivesARoundTrip) {
    expect_same(round_trip(full_job()), full_job());
}

TEST(JsonModel, DefaultJobSurvivesARoundTrip) {
    expect_same(round_trip(Job{}), Job{});
}

TEST(JsonModel, EveryJobStateSurvivesARoundTrip) {
    for (auto state : {JobState::Pending, JobState::Held, JobState::Dispatched, JobState::Running,
                       JobState::Deleting, JobState::Error, JobState::Done, JobState::Deleted}) {
        Job job;
        job.state = state;
        EXPECT_EQ(round_trip(job).state, state) << to_string(state);
    }
}

TEST(JsonModel, StateIsWrittenByName) {
    EXPECT_EQ(json(full_job()).at("state"), std::string(to_string(JobState::Running)));
}

TEST(JsonModel, PartsOfAJobSurviveARoundTrip) {
    const auto job = full_job();
    EXPECT_EQ(fields(round_trip(job.spec)), fields(job.spec));
    EXPECT_EQ(fields(round_trip(job.owner)), fields(job.owner));
    EXPECT_EQ(fields(round_trip(job.exit)), fields(job.exit));
    EXPECT_EQ(fields(round_trip(job.allocation.grants[1])), fields(job.allocation.grants[1]));
    EXPECT_EQ(round_trip(job.allocation).slots(), 6);
}

TEST(JsonModel, NodesSurviveARoundTrip) {
    const NodeInventory node{"pi01", "raspberrypi", "lx-arm64", 4, 1, 4, 8ULL << 30};
    EXPECT_EQ(fields(round_trip(node)), fields(node));
    const NodeLoad load{1.25, 3ULL << 30, 5ULL << 30, 1ULL << 20};
    EXPECT_EQ(fields(round_trip(load)), fields(load));
}

TEST(JsonModel, AnExitRecordFromBeforeTheRusageCountsLoadsWithZeros) {
    const auto exit =
        json::parse(R"({"exit_status": 3, "max_rss_kb": 4764, "host": "pi01"})").get<ExitRecord>();
    EXPECT_EQ(exit.exit_status, 3);
    EXPECT_EQ(exit.max_rss_kb, 4764);
    EXPECT_EQ(exit.minor_faults, 0);
    EXPECT_EQ(exit.involuntary_switches, 0);
}

TEST(JsonModel, MissingFieldsTakeTheDefaults) {
    // A document from an older bramble that knew only a few fields.
    const auto job = json::parse(R"({"id": 7, "spec": {"name": "old", "args": ["a"]}})").get<Job>();
    EXPECT_EQ(job.id, 7u);
    EXPECT_EQ(job.spec.name, "old");
    EXPECT_EQ(job.spec.slots, 1);
    EXPECT_EQ(job.state, JobState::Pending);
    EXPECT_TRUE(job.allocation.empty());
    EXPECT_EQ(job.token, "");
    EXPECT_EQ(json::parse("{}").get<NodeInventory>().cores, 0);
}

TEST(JsonModel, NullFieldsTakeTheDefaults) {
    const auto spec = json::parse(R"({"slots": null, "name": "x"})").get<JobSpec>();
    EXPECT_EQ(spec.slots, 1);
    EXPECT_EQ(spec.name, "x");
}

TEST(JsonModel, WrongTypesAreRefused) {
    const char* documents[] = {
        R"({"id": "seven"})",                                 // string for a number
        R"({"spec": {"slots": "4"}})",                        // string for an int
        R"({"spec": {"args": "a b"}})",                       // string for a list
        R"({"spec": {"hold": 1}})",                           // number for a bool
        R"({"spec": []})",                                    // list for an object
        R"({"allocation": {"grants": [{"cores": ["0"]}]}})",  // strings for core numbers
        R"({"state": 3})",                                    // number for a state name
        R"([1, 2])",                                          // not an object at all
    };
    for (const char* document : documents) {
        EXPECT_THROW(json::parse(document).get<Job>(), json::exception) << document;
    }
}

TEST(JsonModel, UnknownStateIsRefused) {
    EXPECT_THROW(json::parse(R"({"state": "sleeping"})").get<Job>(), json::exception);
}

}  // namespace
}  // namespace bramble
