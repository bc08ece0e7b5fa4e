// Builders that let planner tests read like the cluster they describe:
//   NodeBuilder("pi01").cores(4).memory("1G").busy({0, 1}).used("512M")
//   JobBuilder(42).slots(2).memory("512M").pin("pi03").priority(5).submitted(100)
#pragma once

#include <gtest/gtest.h>

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
    JobBuilder& pe(std::string name) {
        job_.pe = std::move(name);
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
    PendingJob job_;
};

}  // namespace bramble::policy::testing
