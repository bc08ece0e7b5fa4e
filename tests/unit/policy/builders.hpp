// Builders that let planner tests read like the cluster they describe:
//   NodeBuilder("pi01").cores(4).memory("1G").busy({0, 1}).used("512M")
//   NodeBuilder("pi03").cores(4).label("role", "io").gpio({"fan", "led"}).gpio_busy({"fan"})
//       .consumable("gpu", 2, 1).running(1).exclusive()
//   JobBuilder(42).slots(2).memory("512M").pin("pi03").priority(5).submitted(100)
//   JobBuilder(43).pe("mpi").fill_up().slots(2, 8).nodes({"pi0[1-3]"}).label("role", "io")
//       .gpio({"fan"}).per_slot("gpu", 1).job_memory("1G").exclusive()
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "model/units.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy::testing {

inline std::uint64_t bytes(const std::string& text) {
    const auto parsed = parse_memory(text);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return parsed.ok() ? *parsed : 0;
}

class NodeBuilder {
  public:
    explicit NodeBuilder(std::string name) { node_.name = std::move(name); }

    NodeBuilder& cores(int count) {
        node_.cores = count;
        node_.core_busy.assign(static_cast<std::size_t>(count), false);
        return *this;
    }
    // Total memory; all of it free until used() says otherwise.
    NodeBuilder& memory(const std::string& size) {
        node_.memory = bytes(size);
        node_.memory_free = node_.memory;
        return *this;
    }
    NodeBuilder& busy(std::initializer_list<int> cores) {
        for (const int core : cores)
            node_.core_busy.at(static_cast<std::size_t>(core)) = true;
        return *this;
    }
    NodeBuilder& used(const std::string& size) {
        node_.memory_free = node_.memory - bytes(size);
        return *this;
    }
    NodeBuilder& down() {
        node_.up = false;
        return *this;
    }
    NodeBuilder& disabled() {
        node_.up = false;
        node_.unavailable = Unavailable::Disabled;
        return *this;
    }
    NodeBuilder& in_error() {
        node_.up = false;
        node_.unavailable = Unavailable::InError;
        return *this;
    }
    NodeBuilder& label(const std::string& key, const std::string& value) {
        node_.labels[key] = value;
        return *this;
    }
    NodeBuilder& gpio(std::vector<std::string> lines) {
        node_.gpio = std::move(lines);
        return *this;
    }
    NodeBuilder& gpio_busy(std::vector<std::string> lines) {
        node_.gpio_busy = std::move(lines);
        return *this;
    }
    // `capacity` of a consumable, `free` of it not held by running jobs.
    NodeBuilder& consumable(const std::string& name, std::uint64_t capacity, std::uint64_t free) {
        node_.consumables[name] = capacity;
        node_.consumables_free[name] = free;
        return *this;
    }
    NodeBuilder& consumable(const std::string& name, std::uint64_t capacity) {
        return consumable(name, capacity, capacity);
    }
    NodeBuilder& running(int jobs) {
        node_.running_jobs = jobs;
        return *this;
    }
    NodeBuilder& exclusive() {
        node_.exclusive = true;
        node_.running_jobs = std::max(node_.running_jobs, 1);
        return *this;
    }

    NodeView build() const { return node_; }
    operator NodeView() const { return node_; }  // NOLINT: implicit so lists of nodes read well

  private:
    NodeView node_;
};

class JobBuilder {
  public:
    explicit JobBuilder(JobId id) {
        job_.id = id;
        job_.user = "pi";
        job_.submit_time = static_cast<std::int64_t>(id);  // FIFO by id unless told otherwise
    }

    JobBuilder& slots(int count) {
        job_.slots = count;
        return *this;
    }
    // A range: at least `least`, as many as fit up to `most` (-pe mpi 2-8).
    JobBuilder& slots(int least, int most) {
        job_.slots = least;
        job_.slots_max = most;
        return *this;
    }
    JobBuilder& pe(std::string name) {
        job_.pe = std::move(name);
        return *this;
    }
    JobBuilder& fill_up() { return rule(AllocationRule::Kind::FillUp); }
    JobBuilder& round_robin() { return rule(AllocationRule::Kind::RoundRobin); }
    JobBuilder& per_node(int slots) {
        rule(AllocationRule::Kind::PerNode);
        job_.rule.per_node = slots;
        return *this;
    }
    JobBuilder& nodes(std::vector<std::string> patterns) {
        job_.node_patterns = std::move(patterns);
        return *this;
    }
    JobBuilder& label(const std::string& key, const std::string& value) {
        job_.labels[key] = value;
        return *this;
    }
    JobBuilder& exclusive() {
        job_.exclusive = true;
        return *this;
    }
    JobBuilder& gpio(std::vector<std::string> lines) {
        job_.gpio = std::move(lines);
        return *this;
    }
    JobBuilder& per_slot(const std::string& name, std::uint64_t amount) {
        job_.consumables_per_slot[name] = amount;
        return *this;
    }
    JobBuilder& per_job(const std::string& name, std::uint64_t amount) {
        job_.consumables_per_job[name] = amount;
        return *this;
    }
    // Charged once, on the master node.
    JobBuilder& job_memory(const std::string& size) {
        job_.memory_per_job = bytes(size);
        return *this;
    }
    // Per slot, as h_vmem is.
    JobBuilder& memory(const std::string& size) {
        job_.memory_per_slot = bytes(size);
        return *this;
    }
    JobBuilder& pin(std::string node) {
        job_.node_patterns = {std::move(node)};
        return *this;
    }
    JobBuilder& priority(int value) {
        job_.priority = value;
        return *this;
    }
    JobBuilder& submitted(std::int64_t time) {
        job_.submit_time = time;
        return *this;
    }

    PendingJob build() const { return job_; }
    operator PendingJob() const { return job_; }  // NOLINT: implicit so lists of jobs read well

  private:
    JobBuilder& rule(AllocationRule::Kind kind) {
        job_.rule.kind = kind;
        if (job_.pe.empty()) job_.pe = "mpi";
        return *this;
    }

    PendingJob job_;
};

}  // namespace bramble::policy::testing
