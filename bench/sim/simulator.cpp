// The event loop of the simulator: apply ends and arrivals due by now, plan, start what the plan
// says, and jump to the next event. What is held and each user's usage live in a policy::Ledger,
// the scheduler's arithmetic: cores, memory, consumables, GPIO lines and exclusive holds.
#include "simulator.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "policy/ledger.hpp"
#include "policy/planner.hpp"

namespace bramble::sim {

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

struct Running {
    std::size_t job;
    policy::RunningJob view;
    std::int64_t actual_end;
};

class Simulation {
  public:
    Simulation(const SimCluster& cluster, std::vector<SimJob> workload, const SimOptions& options)
        : options_(options),
          workload_(std::move(workload)),
          ledger_(nodes_of(cluster), options.half_life) {
        std::stable_sort(workload_.begin(), workload_.end(),
                         [](const SimJob& a, const SimJob& b) { return a.submit < b.submit; });
        result_.slots = cluster.nodes * cluster.cores;
        for (const SimJob& job : workload_) {
            result_.jobs.push_back({job.id, job.user, job.slots, job.submit});
            by_id_[job.id] = result_.jobs.size() - 1;
        }
    }

    SimResult run() {
        std::int64_t now = workload_.empty() ? 0 : workload_.front().submit;
        while (true) {
            finish_until(now);
            while (arrived_ < workload_.size() && workload_[arrived_].submit <= now)
                pending_.push_back(arrived_++);
            if (!pending_.empty()) pass(now);
            const std::int64_t next = next_event();
            if (next == kNever) break;
            now = next;
        }
        result_.stuck = !pending_.empty();
        return std::move(result_);
    }

  private:
    static std::vector<policy::NodeView> nodes_of(const SimCluster& cluster) {
        std::vector<policy::NodeView> nodes;
        for (int i = 0; i < cluster.nodes; ++i) {
            policy::NodeView node;
            node.name = "sim" + std::to_string(i + 1);
            node.cores = cluster.cores;
            node.memory = cluster.memory;
            node.memory_free = cluster.memory;
            node.consumables = cluster.consumables;
            if (i == 0) node.gpio = cluster.gpio;
            nodes.push_back(std::move(node));
        }
        return nodes;
    }

    std::int64_t next_event() const {
        std::int64_t next = arrived_ < workload_.size() ? workload_[arrived_].submit : kNever;
        for (const Running& job : running_)
            next = std::min(next, job.actual_end);
        return next;
    }

    void finish_until(std::int64_t now);
    void pass(std::int64_t now);
    [[nodiscard]] policy::Snapshot snapshot(std::int64_t now) const;

    SimOptions options_;
    std::vector<SimJob> workload_;
    policy::Ledger ledger_;  // what running jobs hold, and the usage of ended ones
    std::size_t arrived_ = 0;
    std::vector<std::size_t> pending_;  // indices into workload_
    std::vector<Running> running_;
    std::map<JobId, std::size_t> by_id_;
    SimResult result_;
};

void Simulation::finish_until(std::int64_t now) {
    auto ended = std::stable_partition(running_.begin(), running_.end(),
                                       [&](const Running& job) { return job.actual_end > now; });
    for (auto job = ended; job != running_.end(); ++job) {
        ledger_.release(job->view.allocation);
        const double slot_seconds = static_cast<double>(job->view.allocation.slots()) *
                                    static_cast<double>(job->actual_end - job->view.start_time);
        ledger_.accrue(job->view.user, slot_seconds, job->actual_end);
    }
    running_.erase(ended, running_.end());
}

policy::Snapshot Simulation::snapshot(std::int64_t now) const {
    policy::Snapshot snapshot;
    snapshot.nodes = ledger_.snapshot();
    snapshot.policy = options_.policy;
    snapshot.usage = ledger_.usage(now);
    for (const Running& job : running_) {
        snapshot.running.push_back(job.view);
        snapshot.usage[job.view.user] += static_cast<double>(job.view.allocation.slots()) *
                                         static_cast<double>(now - job.view.start_time);
    }
    for (const std::size_t index : pending_) {
        const SimJob& job = workload_[index];
        policy::PendingJob view;
        view.id = job.id;
        view.user = job.user;
        view.slots = job.slots;
        view.rule = job.rule;
        if (job.rule.kind != AllocationRule::Kind::PeSlots) view.pe = "mpi";
        view.memory_per_slot = job.memory_per_slot;
        view.priority = job.priority;
        view.submit_time = job.submit;
        view.walltime = job.walltime;
        view.exclusive = job.exclusive;
        view.gpio = job.gpio;
        view.consumables_per_job = job.consumables_per_job;
        snapshot.pending.push_back(std::move(view));
    }
    return snapshot;
}

void Simulation::pass(std::int64_t now) {
    const policy::Plan plan = policy::plan(snapshot(now), now);
    ++result_.passes;
    for (const policy::Reservation& reservation : plan.reservations) {
        JobOutcome& outcome = result_.jobs[by_id_.at(reservation.id)];
        if (outcome.first_reservation < 0) outcome.first_reservation = reservation.start;
    }
    for (const policy::Placement& placement : plan.placements) {
        const std::size_t index = by_id_.at(placement.id);
        const SimJob& job = workload_[index];
        ledger_.take(placement.allocation);
        const std::int64_t end =
            now + (job.walltime > 0 ? std::min(job.runtime, job.walltime) : job.runtime);
        running_.push_back(
            {index, {job.id, job.user, placement.allocation, now, now + job.walltime}, end});
        result_.jobs[index].start = now;
        result_.jobs[index].end = end;
        pending_.erase(std::find(pending_.begin(), pending_.end(), index));
    }
}

}  // namespace

SimResult simulate(const SimCluster& cluster, std::vector<SimJob> workload,
                   const SimOptions& options) {
    return Simulation(cluster, std::move(workload), options).run();
}

}  // namespace bramble::sim
