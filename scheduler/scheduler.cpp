// The state owner's machinery: one spool transaction per event-loop turn with the effects that wait
// for its commit, the dirty flag that posts one pass per batch, and small helpers the handlers
// share.
#include "scheduler.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "log.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler {
namespace {

// How long the refusals of a failed turn have to reach their clients before the restart.
constexpr std::chrono::milliseconds kLostCommitGrace{300};

}  // namespace

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
    : io_(io), config_(std::move(config)), spool_(std::move(spool)), clock_(std::move(clock)) {}

// Everything a handler writes in this turn shares one transaction, committed by a flush posted to
// the end of the queue: a burst of submissions costs one fsync. A lazy write (`post_flush` false)
// posts no flush: it rides with the next commit, or the tick's at the latest.
bool Scheduler::open_turn(bool post_flush) {
    if (!turn_open_) {
        if (auto began = spool_->begin(); !began) {
            log("spool: cannot begin a transaction: " + began.message());
            return false;
        }
        turn_open_ = true;
    }
    if (post_flush) post_flush_once();
    return true;
}

void Scheduler::post_flush_once() {
    if (flush_posted_) return;
    flush_posted_ = true;
    // A pass that is due runs before the commit, so that a job's end and the dispatch it makes room
    // for share one fsync; StartJob and the acks still wait for that commit.
    boost::asio::post(io_, [this] {
        if (turn_open_ && dirty_) run_pass();
        flush();
    });
}

// Runs `effect` once what the turn changed is durable; effects keep the order they were queued in.
void Scheduler::after_commit(Effect effect) {
    if (turn_open_ || !effects_.empty()) {
        effects_.push_back(std::move(effect));
        if (turn_open_) post_flush_once();  // the turn may hold only lazy writes so far
        return;
    }
    effect(true);
}

void Scheduler::flush() {
    flush_posted_ = false;
    bool committed = true;
    std::string why;
    if (turn_open_) {
        turn_open_ = false;
        if (auto status = spool_->commit(); !status) {
            (void)spool_->rollback();
            committed = false;
            why = status.message();
        }
    }
    auto effects = std::move(effects_);
    effects_.clear();
    for (auto& effect : effects)
        effect(committed);
    if (!committed) lose_commit(why);
}

// The handlers changed jobs in place before the commit, so memory now holds what the spool does
// not. Nothing more is decided on it: requests are refused and node messages dropped (nodes send
// them again), and after a moment for the refusals to reach their clients the owner restarts the
// daemon, which loads the spool's last committed state.
void Scheduler::lose_commit(const std::string& why) {
    if (stale_) return;
    stale_ = true;
    log("spool: commit failed, nothing of this turn was acknowledged; restarting from the spool: " +
        why);
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, kLostCommitGrace);
    timer->async_wait([this, timer, why](const boost::system::error_code& error) {
        if (!error && on_lost_commit_) on_lost_commit_(why);
    });
}

void Scheduler::mark_dirty() {
    dirty_ = true;
    if (pass_posted_) return;
    pass_posted_ = true;
    boost::asio::post(io_, [this] { run_pass(); });
}

bool Scheduler::transition(Job& job, JobEvent event) {
    auto next = apply(job.state, event);
    if (!next) {
        log("job " + job_id_text(job.id) + ": event " + std::string(to_string(event)) +
            " is not legal in state " + std::string(to_string(job.state)) + "; ignored");
        return false;
    }
    job.state = *next;
    return true;
}

// Takes a placed job off its nodes without waiting for them: its parts elsewhere are told to end,
// and its cores and memory are free for the next pass once `event` moves it out of the running
// states.
bool Scheduler::unplace(Job& job, JobEvent event, const std::string& kill_reason) {
    send_kill(job, kill_reason);
    if (!transition(job, event)) return false;
    job.allocation = {};
    job.start_time = 0;
    return true;
}

void Scheduler::save(const Job& job, const std::string& event, bool lazy) {
    log("job " + job_id_text(job.id) + ": " + event);
    if (!open_turn(!lazy)) return;
    if (auto status = spool_->save_job(job); !status) {
        log("spool: cannot save job " + job_id_text(job.id) + ": " + status.message());
    }
    if (auto status = spool_->append_event({job.id, clock_.wall_seconds(), event}); !status) {
        log("spool: cannot record an event of job " + job_id_text(job.id) + ": " +
            status.message());
    }
}

// A finished or deleted job leaves memory; the spool keeps it for qstat -j and qacct, and its
// owner's past usage keeps what it used.
void Scheduler::retire(JobId id) {
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    charge_usage(it->second);
    const Job finished = std::move(it->second);
    jobs_.erase(it);
    if (auto count = active_by_uid_.find(finished.owner.uid);
        count != active_by_uid_.end() && --count->second <= 0) {
        active_by_uid_.erase(count);
    }
    settle_dependents(finished);
    if (!finished.token.empty()) tokens_.erase(finished.token);
    reasons_.erase(id);
    reservations_.erase(id);
    priorities_.erase(id);
    requests_.erase(id);
}

void Scheduler::send_to_node(const std::string& node, const wire::Message& message) {
    auto it = nodes_.find(node);
    if (it == nodes_.end() || !it->second.link) {
        log("node " + node + " has no link; " + std::string(wire::type_name(message)) +
            " not sent");
        return;
    }
    it->second.link->send(message);
}

bool Scheduler::node_is_up(const std::string& node) const {
    auto it = nodes_.find(node);
    return it != nodes_.end() && it->second.up && it->second.link;
}

bool Scheduler::takes_jobs(const std::string& node) const {
    auto it = nodes_.find(node);
    return node_is_up(node) && it->second.error.empty();
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
    if (ref.task > 0) {
        const JobId id = task_job_id(ref.id, ref.task);
        return jobs_.contains(id) ? std::vector<JobId>{id} : std::vector<JobId>{};
    }
    if (jobs_.contains(ref.id)) return {ref.id};
    std::vector<JobId> tasks;
    for (auto it = jobs_.lower_bound(task_job_id(ref.id, 0));
         it != jobs_.end() && visible_job_id(it->first) == ref.id && is_array_task(it->first);
         ++it) {
        tasks.push_back(it->first);
    }
    return tasks;
}

}  // namespace bramble::scheduler
