// A Scheduler with a real spool in a temporary directory, no sockets, hand-driven clocks and
// recording node links: requests go in as messages, and the test runs the event loop's ready work
// (group commits, passes) with settle().
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "scheduler.hpp"
#include "support/temp_dir.hpp"

namespace bramble::scheduler::test {

// An execd link that records what the scheduler sends it.
class RecordingLink : public NodeChannel {
  public:
    void send(const wire::Message& message) override { sent.push_back(message); }
    void close(const std::string& why) override { closed = why; }

    template <class T>
    std::vector<T> sent_of() const {
        std::vector<T> found;
        for (const auto& message : sent) {
            if (const auto* typed = std::get_if<T>(&message)) found.push_back(*typed);
        }
        return found;
    }

    std::vector<wire::Message> sent;
    std::optional<std::string> closed;
};

inline const Caller kAlice{1001, 1001, "alice", "users"};
inline const Caller kBob{1002, 1002, "bob", "users"};
inline const Caller kRoot{0, 0, "root", "root"};

inline JobSpec serial_job(const std::string& name, int slots = 1) {
    JobSpec spec;
    spec.name = name;
    spec.script = "#!/bin/sh\necho hello\n";
    spec.script_path = name + ".sh";
    spec.slots = slots;
    if (slots > 1) spec.pe = "smp";
    return spec;
}

class SchedulerTest : public ::testing::Test {
  protected:
    SchedulerTest() { start(); }

    void start() {
        io_ = std::make_unique<boost::asio::io_context>();
        auto spool = store::Spool::open(spool_path());
        if (!spool) {
            ADD_FAILURE() << spool.message();
            return;
        }
        scheduler_ = std::make_unique<Scheduler>(
            *io_, config_, std::move(*spool),
            Clock{[this] { return wall_; }, [this] { return steady_ms_; }});
        auto restored = scheduler_->restore();
        EXPECT_TRUE(restored.ok()) << restored.message();
        settle();
    }

    // A scheduler restart: the work still queued is dropped with the old event loop.
    void restart() {
        scheduler_->flush();
        scheduler_.reset();
        start();
    }

    void settle() {
        io_->restart();
        io_->poll();
    }

    [[nodiscard]] std::string spool_path() const { return dir_.file("scheduler.db"); }

    // Sends a request and runs the loop until the reply has come.
    wire::Message call(const Caller& caller, wire::Message request) {
        std::optional<wire::Message> reply;
        scheduler_->handle_client(caller, std::move(request),
                                  [&reply](wire::Message answer) { reply = std::move(answer); });
        settle();
        if (!reply) {
            ADD_FAILURE() << "no reply";
            return wire::ErrorReply{"no reply"};
        }
        return *reply;
    }

    JobId submit(const Caller& caller, JobSpec spec, const std::string& token = "") {
        auto reply = call(caller, wire::SubmitRequest{std::move(spec), token});
        const auto* submitted = std::get_if<wire::SubmitReply>(&reply);
        if (submitted == nullptr) {
            const auto* error = std::get_if<wire::ErrorReply>(&reply);
            ADD_FAILURE() << "submission refused: " << (error ? error->message : "?");
            return 0;
        }
        return submitted->id;
    }

    std::shared_ptr<RecordingLink> register_node(const std::string& name, int cores,
                                                 std::vector<JobId> running = {}) {
        auto link = std::make_shared<RecordingLink>();
        NodeInventory inventory;
        inventory.name = name;
        inventory.hostname = name;
        inventory.arch = "lx-arm64";
        inventory.cores = cores;
        inventory.sockets = 1;
        inventory.threads = cores;
        inventory.memory = 4ULL << 30;
        scheduler_->node_registered(link, wire::RegisterNode{inventory, std::move(running)});
        settle();
        return link;
    }

    void from_node(const std::shared_ptr<RecordingLink>& link, const std::string& node,
                   wire::Message message) {
        scheduler_->node_message(link, node, std::move(message));
        settle();
    }

    [[nodiscard]] const Job* job(JobId id) const {
        auto it = scheduler_->jobs().find(id);
        return it == scheduler_->jobs().end() ? nullptr : &it->second;
    }

    // What qhost would show of one node.
    wire::NodeStatus node_status(const std::string& name) {
        const wire::Message reply = call(kAlice, wire::ListNodesRequest{});
        for (const auto& node : std::get<wire::NodesReply>(reply).nodes) {
            if (node.inventory.name == name) return node;
        }
        ADD_FAILURE() << name << " not listed";
        return {};
    }

    // What qstat -j would show of an active job, else what the spool recorded of a finished one
    // (qstat -j no longer shows it; qacct reads the same row).
    std::optional<Job> detail(JobId id) {
        auto reply = call(kAlice, wire::JobDetailRequest{{std::to_string(id)}});
        const auto& jobs = std::get<wire::JobDetailReply>(reply).jobs;
        if (!jobs.empty()) return jobs.front();
        auto spool = store::Spool::open_read_only(spool_path());
        if (!spool) {
            ADD_FAILURE() << spool.message();
            return std::nullopt;
        }
        auto stored = (*spool)->load_job(id);
        return stored ? *stored : std::nullopt;
    }

    bramble::test::TempDir dir_;
    config::ClusterConfig config_;
    std::int64_t wall_ = 1'700'000'000;
    std::int64_t steady_ms_ = 1'000'000;
    std::unique_ptr<boost::asio::io_context> io_;
    std::unique_ptr<Scheduler> scheduler_;
};

}  // namespace bramble::scheduler::test
