// The scheduler's machinery: one spool transaction per event-loop turn with the effects that wait
// for its commit, the pass asked for when something may change a decision, and small helpers the
// handlers share.
#include "scheduler.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include <boost/asio/post.hpp>

#include "log.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler {

Clock system_clock() {
    return Clock{[] {
                     return std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                         .count();
                 },
                 [] {
                     return std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now().time_since_epoch())
                         .count();
                 }};
}

Scheduler::Scheduler(boost::asio::io_context& io, config::ClusterConfig config,
                     std::unique_ptr<store::Spool> spool, Clock clock)
    : io_(io), config_(std::move(config)), spool_(std::move(spool)), clock_(std::move(clock)) {
    if (!config_.sge_root.empty()) accounting_file_.emplace(config_.sge_root, "default");
}

// Everything a handler records in this turn shares one transaction, committed by a flush posted to
// the end of the queue: a burst of submissions costs one fsync. A pass that is due runs just before
// the commit, on the jobs as the turn leaves them, so that a job's end and the dispatch it makes
// room for share one commit; StartJob and the acks still wait for it.
void Scheduler::post_flush_once() {
    if (flush_posted_) return;
    flush_posted_ = true;
    boost::asio::post(io_, [this] {
        pass_.before_commit();
        flush();
    });
}

// Runs `effect` once what the turn recorded is durable and applied; effects keep their order.
void Scheduler::after_commit(Effect effect) {
    if (!turn_.is_open() && !turn_.has_effects() && !turn_.broken()) return effect(true);
    turn_.after_commit(std::move(effect));
    post_flush_once();  // the turn may hold only writes that posted no flush (a node's inventory)
}

namespace {

// Every change but a confirmed start, the pass's own dispatches and a job submitted on hold: a pass
// over a long queue is not free, and a burst of `qsub -h` must not pay one per submission.
bool may_change_a_decision(const events::Event& event) {
    if (const auto* submitted = std::get_if<events::Submitted>(&event)) {
        return submitted->job->state != JobState::Held;
    }
    return !std::holds_alternative<events::Started>(event) &&
           !std::holds_alternative<events::Dispatched>(event);
}

}  // namespace

Result<events::Applied> Scheduler::record(events::Event event) {
    // A submission is logged once by admit(), not once per array task.
    const std::string line =
        std::holds_alternative<events::Submitted>(event)
            ? std::string()
            : "job " + job_id_text(events::job_of(event)) + ": " + events::describe(event);
    const bool plans = may_change_a_decision(event);
    auto applied = turn_.record(std::move(event), clock_.wall_seconds());
    if (!applied) {
        log((line.empty() ? "a submission" : line) + ": not recorded: " + applied.message());
        return applied;
    }
    if (!line.empty()) log(line);
    if (applied->ended) charge_usage(*applied->ended);
    if (plans) pass_.due_in_turn();
    post_flush_once();
    return applied;
}

void Scheduler::flush() {
    flush_posted_ = false;
    auto outcome = turn_.finish();
    usage_.turn_ended(outcome.committed);
    if (outcome.committed) {
        for (auto& event : outcome.events)
            apply_committed(std::move(event), outcome.requests);
        write_accounting();
    } else {
        log("spool: commit failed; nothing of this turn was applied or acknowledged: " +
            outcome.why);
    }
    for (auto& effect : outcome.effects)
        effect(outcome.committed);
    pass_.after_commit(outcome.committed);
}

// The one way jobs change in memory: the same events::apply a restart replays with.
void Scheduler::apply_committed(events::Event event,
                                std::unordered_map<JobId, policy::PendingJob>& requests) {
    const bool resolves = std::holds_alternative<events::Submitted>(event) ||
                          std::holds_alternative<events::Altered>(event);
    const JobId id = events::job_of(event);
    const std::string_view kind = events::kind_of(event);
    auto applied = jobs_.apply(std::move(event));
    if (!applied) {
        log("job " + job_id_text(id) + ": committed event " + std::string(kind) +
            " does not apply: " + applied.message());
        return;
    }
    if (resolves) {
        // A whole array's submission resolved each of its tasks.
        const std::vector<JobId> resolved =
            applied->submitted.empty() ? std::vector<JobId>{applied->id} : applied->submitted;
        for (const JobId job : resolved) {
            if (auto plan = requests.find(job); plan != requests.end()) {
                jobs_.set_request(job, std::move(plan->second));
            } else {
                replan(*jobs_.find(job));
            }
        }
    }
    if (applied->ended) {
        notes_.forget(applied->id);
        account(*applied->ended);
    }
    mail_after(*applied);
    react(*applied, resolves);
}

// Follow-ups of a committed event: dependents hear of a predecessor's end, new waits are
// registered. (The pass was asked for when the event was recorded.)
void Scheduler::react(const events::Applied& applied, bool new_waits) {
    if (!immediate_.empty()) answer_immediate(applied);
    if (applied.ended) settle_dependents(*applied.ended);
    if (!new_waits) return;
    for (const JobId id :
         applied.submitted.empty() ? std::vector<JobId>{applied.id} : applied.submitted) {
        if (const Job* job = jobs_.find(id)) track_dependencies(*job);
    }
}

void Scheduler::mark_dirty() {
    if (!turn_.is_open()) return pass_.due_soon();
    pass_.due_in_turn();
    post_flush_once();
}

policy::Ledger Scheduler::live_ledger(std::int64_t now) const {
    const CurrentJobs current = current_jobs();
    return scheduler::live_ledger(LiveState{config_, nodes_, current, usage_}, now);
}

bool Scheduler::is_manager(const Caller& caller) const {
    return !caller.user.empty() && std::find(config_.managers.begin(), config_.managers.end(),
                                             caller.user) != config_.managers.end();
}

namespace {

template <class Number>
std::optional<Number> positive_number(const std::string& digits) {
    Number value = 0;
    auto [rest, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || rest != digits.data() + digits.size() ||
        value <= 0) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<JobRef> parse_job_ref(const std::string& text) {
    const auto dot = text.find('.');
    auto id = positive_number<JobId>(text.substr(0, dot));
    if (!id || *id > visible_job_id(~JobId{0})) return std::nullopt;
    if (dot == std::string::npos) return JobRef{*id, 0};
    auto task = positive_number<int>(text.substr(dot + 1));
    if (!task || *task > kMaxTaskNumber) return std::nullopt;
    return JobRef{*id, *task};
}

std::vector<JobId> Scheduler::active_ids(const JobRef& ref) const {
    const auto& jobs = jobs_.active();
    if (ref.task > 0) {
        const JobId id = task_job_id(ref.id, ref.task);
        return jobs.contains(id) ? std::vector<JobId>{id} : std::vector<JobId>{};
    }
    if (jobs.contains(ref.id)) return {ref.id};
    std::vector<JobId> tasks;
    for (auto it = jobs.lower_bound(task_job_id(ref.id, 0));
         it != jobs.end() && visible_job_id(it->first) == ref.id && is_array_task(it->first);
         ++it) {
        tasks.push_back(it->first);
    }
    return tasks;
}

}  // namespace bramble::scheduler
