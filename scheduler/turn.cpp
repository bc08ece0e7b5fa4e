// The turn's staging: each recorded event is applied to a copy of its job, so that the handlers
// of one turn decide on what the turn already did (a job deleted twice, a job dispatched and then
// deleted) while the scheduler's jobs wait for the commit.
#include "turn.hpp"

#include "model/task_id.hpp"

namespace bramble::scheduler {

Status Turn::open() {
    if (!broken_.empty()) return make_error(broken_);
    if (open_) return ok_status();
    if (auto began = spool_.begin(); !began) return fail(began.message());
    open_ = true;
    return ok_status();
}

const Job* Turn::job(JobId id) const {
    if (auto it = staged_.find(id); it != staged_.end()) return it->second.get();
    auto it = committed_.find(id);
    return it == committed_.end() ? nullptr : &it->second;
}

std::optional<JobId> Turn::token(const std::string& token) const {
    auto it = tokens_.find(token);
    if (it == tokens_.end()) return std::nullopt;
    return it->second;
}

const policy::PendingJob* Turn::request(JobId id) const {
    auto it = requests_.find(id);
    return it == requests_.end() ? nullptr : &it->second;
}

Result<events::Applied> Turn::record(events::Event event, std::int64_t time) {
    if (auto opened = open(); !opened) return opened.error();
    const JobId id = events::job_of(event);
    events::Applied applied{id, JobState::Pending, JobState::Pending, std::nullopt, {}};
    const bool submitted = std::holds_alternative<events::Submitted>(event);
    if (submitted && events::is_whole_array(*std::get<events::Submitted>(event).job)) {
        return record_array(std::move(event), time);
    }
    const bool known = staged_.contains(id) || committed_.contains(id);
    if (submitted && known) return make_error("job " + job_id_text(id) + " exists already");
    if (!submitted && job(id) == nullptr) {
        return make_error("job " + job_id_text(id) + " is not active");
    }
    // The turn's own copy of the job, made the first time the turn changes it.
    std::unique_ptr<Job>& next = staged_[id];
    if (submitted) {
        next = std::make_unique<Job>(*std::get<events::Submitted>(event).job);
        applied.before = next->state;
    } else {
        if (!next) next = std::make_unique<Job>(committed_.at(id));
        applied.before = next->state;
        // A refused event leaves the job as it was (events::apply checks before it changes).
        if (auto changed = events::apply(*next, event); !changed) return changed.error();
    }
    applied.after = next->state;
    if (auto written = spool_.record(event, time); !written) return fail(written.message());
    if (!is_active(next->state)) {
        if (auto saved = spool_.save_job(*next); !saved) return fail(saved.message());
        applied.ended = std::move(*next);
        next.reset();  // ended in this turn: no longer active
    } else if (submitted) {
        if (!next->token.empty()) tokens_[next->token] = id;
        submitted_.push_back(id);
        applied.submitted.push_back(id);
    }
    events_.push_back(std::move(event));
    return applied;
}

// One event and one spool row for the whole array; the turn stages each task, as the committed
// jobs will hold them, for the handlers and the pass of this turn.
Result<events::Applied> Turn::record_array(events::Event event, std::int64_t time) {
    const Job& array = *std::get<events::Submitted>(event).job;
    const auto tasks = events::array_tasks(array.spec);
    if (tasks.empty()) return make_error("job " + job_id_text(array.id) + " has no tasks");
    for (const int task : tasks) {
        const JobId id = task_job_id(array.id, task);
        if (staged_.contains(id) || committed_.contains(id)) {
            return make_error("job " + job_id_text(id) + " exists already");
        }
    }
    if (auto written = spool_.record(event, time); !written) return fail(written.message());
    events::Applied applied{
        task_job_id(array.id, tasks.front()), array.state, array.state, std::nullopt, {}};
    applied.submitted.reserve(tasks.size());
    for (const int task : tasks) {
        auto part = std::make_unique<Job>(events::array_task(array, task));
        if (!part->token.empty()) tokens_[part->token] = part->id;
        submitted_.push_back(part->id);
        applied.submitted.push_back(part->id);
        staged_[part->id] = std::move(part);
    }
    events_.push_back(std::move(event));
    return applied;
}

Status Turn::write(const std::function<Status(store::Spool&)>& change) {
    if (auto opened = open(); !opened) return opened;
    if (auto written = change(spool_); !written) return fail(written.message());
    return ok_status();
}

Result<JobId> Turn::next_job_id() {
    if (auto opened = open(); !opened) return opened.error();
    auto id = spool_.next_job_id();
    if (!id) return fail(id.message());
    return id;
}

Error Turn::fail(const std::string& why) {
    if (broken_.empty()) broken_ = why;
    return make_error(why);
}

Turn::Outcome Turn::finish() {
    Outcome outcome;
    auto committed = !broken_.empty() ? Status(make_error(broken_))
                     : open_          ? spool_.commit()
                                      : ok_status();
    if (!committed) {
        if (open_) (void)spool_.rollback();
        outcome.committed = false;
        outcome.why = committed.message();
    }
    if (outcome.committed) {
        outcome.events = std::move(events_);
        outcome.requests = std::move(requests_);
    }
    outcome.effects = std::move(effects_);
    open_ = false;
    broken_.clear();
    staged_.clear();
    tokens_.clear();
    submitted_.clear();
    events_.clear();
    requests_.clear();
    effects_.clear();
    return outcome;
}

}  // namespace bramble::scheduler
