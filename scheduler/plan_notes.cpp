// The pass's notes on waiting jobs, by job.
#include "plan_notes.hpp"

namespace bramble::scheduler {

void PlanNotes::keep(policy::Plan& plan) {
    for (auto& reason : plan.reasons)
        reasons_[reason.id] = std::move(reason);
    for (auto& reservation : plan.reservations)
        reservations_[reservation.id] = std::move(reservation);
    for (const auto& priority : plan.priorities)
        priorities_[priority.id] = priority;
}

void PlanNotes::forget(JobId id) {
    reasons_.erase(id);
    reservations_.erase(id);
    priorities_.erase(id);
}

void PlanNotes::set_reason(JobId id, std::string reason) {
    reasons_[id] = {id, std::move(reason), 0};
}

const std::string* PlanNotes::reason(JobId id) const {
    auto it = reasons_.find(id);
    return it == reasons_.end() ? nullptr : &it->second.reason;
}

wire::JobPlanNote PlanNotes::note(JobId id) const {
    wire::JobPlanNote note;
    if (auto it = priorities_.find(id); it != priorities_.end()) {
        note.priority = it->second.total;
        note.priority_part = it->second.priority;
        note.fair_share_part = it->second.fair_share;
        note.waiting_part = it->second.waiting;
    }
    if (auto it = reservations_.find(id); it != reservations_.end()) {
        note.reserved_start = it->second.start;
    }
    if (auto it = reasons_.find(id); it != reasons_.end()) note.reason_until = it->second.until;
    return note;
}

}  // namespace bramble::scheduler
