// What a pending job asks of the cluster, in the planner's terms: how many slots (a range), how
// they spread over nodes (the PE's allocation rule), what each slot and the job as a whole hold,
// and which nodes qualify. A Request views the PendingJob it came from, which must outlive it.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "model/allocation_rule.hpp"
#include "policy/snapshot.hpp"

namespace bramble::policy {

using Consumables = std::map<std::string, std::uint64_t>;
using Labels = std::map<std::string, std::string>;

struct Request {
    int slots = 1;      // the least the job accepts
    int slots_max = 1;  // the most; equal to `slots` when the job asks for an exact count
    AllocationRule rule;
    std::string_view pe;  // empty: serial
    std::uint64_t memory_per_slot = 0;
    std::uint64_t memory_per_job = 0;  // on the master node
    // slots x memory_per_slot + memory_per_job: what one node holds under pe_slots. Saturated, so
    // no node can ever hold an overflow.
    std::uint64_t memory = 0;
    std::string_view pinned;                    // the one pattern, when it is a plain node name
    std::span<const std::string> patterns;      // Grid Engine wildcards; empty = any node
    std::span<const std::string> abandoned_on;  // nodes that may still run an earlier run
    const Labels* labels = nullptr;             // required; null = none
    bool exclusive = false;
    std::span<const std::string> gpio;      // lines, all on the master node
    const Consumables* per_slot = nullptr;  // null = none
    const Consumables* per_job = nullptr;   // on the master node; null = none

    // Whether all slots land on one node.
    [[nodiscard]] bool one_node() const { return rule.kind == AllocationRule::Kind::PeSlots; }
    [[nodiscard]] bool has_consumables() const {
        return (per_slot != nullptr && !per_slot->empty()) ||
               (per_job != nullptr && !per_job->empty());
    }
};

// One node's part of a job: its slots, and whether it is the master (which also holds the per-job
// memory, the per-job consumables and the GPIO lines).
struct Share {
    int slots = 1;
    bool master = true;
};

inline std::uint64_t saturating_mul(std::uint64_t value, std::uint64_t count) {
    const auto max = std::numeric_limits<std::uint64_t>::max();
    return count != 0 && value > max / count ? max : value * count;
}

inline std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
    const auto max = std::numeric_limits<std::uint64_t>::max();
    return a > max - b ? max : a + b;
}

// `per_slot` x slots, plus `per_job` on the master.
inline std::uint64_t share_amount(std::uint64_t per_slot, std::uint64_t per_job,
                                  const Share& share) {
    const std::uint64_t slots = share.slots > 0 ? static_cast<std::uint64_t>(share.slots) : 0;
    return saturating_add(saturating_mul(per_slot, slots), share.master ? per_job : 0);
}

inline std::uint64_t share_memory(const Request& request, const Share& share) {
    return share_amount(request.memory_per_slot, request.memory_per_job, share);
}

// What the master holds of consumable `name` for `share`.
std::uint64_t share_consumable(const Request& request, const std::string& name, const Share& share);

// The fewest slots a node may hold of this job: all of them under pe_slots, N under a fixed rule,
// one otherwise.
int smallest_share(const Request& request);

Request request_of(const PendingJob& job);

}  // namespace bramble::policy
