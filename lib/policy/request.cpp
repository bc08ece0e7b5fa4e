// A pending job's request: the slot range, rule and constraints the planner places by.
#include "policy/request.hpp"

#include <algorithm>

namespace bramble::policy {

namespace {

bool is_plain_name(std::string_view pattern) {
    return !pattern.empty() && pattern.find_first_of("*?[|") == std::string_view::npos;
}

std::uint64_t amount_in(const Consumables* consumables, const std::string& name) {
    if (consumables == nullptr) return 0;
    const auto found = consumables->find(name);
    return found == consumables->end() ? 0 : found->second;
}

}  // namespace

std::uint64_t share_consumable(const Request& request, const std::string& name,
                               const Share& share) {
    return share_amount(amount_in(request.per_slot, name), amount_in(request.per_job, name), share);
}

int smallest_share(const Request& request) {
    switch (request.rule.kind) {
        case AllocationRule::Kind::PeSlots:
            return request.slots;
        case AllocationRule::Kind::PerNode:
            return request.rule.per_node;
        case AllocationRule::Kind::FillUp:
        case AllocationRule::Kind::RoundRobin:
            break;
    }
    return 1;
}

Request request_of(const PendingJob& job) {
    Request request;
    request.slots = job.slots;
    request.slots_max = std::max(job.slots, job.slots_max);
    request.rule = job.rule;
    request.pe = job.pe;
    request.memory_per_slot = job.memory_per_slot;
    request.memory_per_job = job.memory_per_job;
    request.memory = share_memory(request, Share{job.slots, true});
    request.patterns = job.node_patterns;
    request.abandoned_on = job.abandoned_on;
    if (job.node_patterns.size() == 1 && is_plain_name(job.node_patterns.front())) {
        request.pinned = job.node_patterns.front();
    }
    if (!job.labels.empty()) request.labels = &job.labels;
    request.exclusive = job.exclusive;
    request.gpio = job.gpio;
    if (!job.consumables_per_slot.empty()) request.per_slot = &job.consumables_per_slot;
    if (!job.consumables_per_job.empty()) request.per_job = &job.consumables_per_job;
    return request;
}

}  // namespace bramble::policy
