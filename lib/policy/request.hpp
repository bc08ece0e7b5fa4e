// What a pending job asks of one node, in the planner's terms. With pe_slots placement (the only
// rule for now) every slot of a job lands on a single node.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "policy/snapshot.hpp"

namespace bramble::policy {

struct Request {
    int slots = 1;
    std::uint64_t memory_per_slot = 0;
    std::uint64_t memory =
        0;  // slots * memory_per_slot, saturated so no node can ever hold an overflow
    std::string_view pinned;  // empty: any node
};

inline Request request_of(const PendingJob& job) {
    Request request;
    request.slots = job.slots;
    request.memory_per_slot = job.memory_per_slot;
    if (job.node_patterns.size() == 1) request.pinned = job.node_patterns.front();
    if (job.slots > 0) {
        const auto slots = static_cast<std::uint64_t>(job.slots);
        const auto max = std::numeric_limits<std::uint64_t>::max();
        request.memory = job.memory_per_slot > max / slots ? max : job.memory_per_slot * slots;
    }
    return request;
}

}  // namespace bramble::policy
