// The active jobs' book-keeping: every change goes through events::apply, and the indices follow
// the job in and out.
#include "job_book.hpp"

namespace bramble::scheduler {

const Job* JobBook::find(JobId id) const {
    auto it = jobs_.find(id);
    return it == jobs_.end() ? nullptr : &it->second;
}

std::optional<JobId> JobBook::token(const std::string& token) const {
    auto it = tokens_.find(token);
    if (it == tokens_.end()) return std::nullopt;
    return it->second;
}

int JobBook::owned_by(std::uint32_t uid) const {
    auto it = owned_.find(uid);
    return it == owned_.end() ? 0 : it->second;
}

const policy::PendingJob* JobBook::request(JobId id) const {
    auto it = requests_.find(id);
    return it == requests_.end() ? nullptr : &it->second;
}

void JobBook::set_request(JobId id, policy::PendingJob request) {
    if (jobs_.contains(id)) requests_[id] = std::move(request);
}

Result<events::Applied> JobBook::apply(events::Event event) {
    auto applied = events::apply(jobs_, std::move(event));
    if (!applied) return applied;
    for (const JobId id : applied->submitted)
        index(jobs_.at(id));
    if (applied->ended) forget(*applied->ended);
    return applied;
}

void JobBook::restore(events::ActiveJobs jobs) {
    jobs_ = std::move(jobs);
    for (const auto& [id, job] : jobs_)
        index(job);
}

void JobBook::index(const Job& job) {
    if (!job.token.empty()) tokens_[job.token] = job.id;
    ++owned_[job.owner.uid];
}

void JobBook::forget(const Job& ended) {
    if (auto count = owned_.find(ended.owner.uid); count != owned_.end() && --count->second <= 0) {
        owned_.erase(count);
    }
    if (!ended.token.empty()) tokens_.erase(ended.token);
    requests_.erase(ended.id);
}

}  // namespace bramble::scheduler
