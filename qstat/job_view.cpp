// Job classification, ordering and the shared part of qstat's job lines.
#include "job_view.hpp"

#include <algorithm>
#include <tuple>

#include "model/job_state.hpp"
#include "text.hpp"

namespace bramble::qstat {

bool is_placed(const Job& job) {
    const bool on_node = job.state == JobState::Dispatched || job.state == JobState::Running ||
                         job.state == JobState::Deleting;
    return on_node && !job.allocation.empty();
}

bool is_waiting(const Job& job) {
    return !is_placed(job) && is_active(job.state);
}

std::string queue_instance(const Job& job, const std::string& queue) {
    if (!is_placed(job)) return "";
    return queue + "@" + job.allocation.grants.front().node;
}

double ge_priority(const Job& job) {
    return (job.spec.priority + 1024) / 2048.0 + 0.055;
}

std::string state_letters(const Job& job) {
    return std::string(ge_state_letters(job.state));
}

JobList listing_order(const std::vector<Job>& jobs, const std::string& queue) {
    // Sort keys are computed once per job, not once per comparison.
    struct Placed {
        std::string queue_instance;
        const Job* job;
    };
    std::vector<Placed> placed;
    JobList waiting;
    for (const auto& job : jobs) {
        if (is_placed(job)) placed.push_back({queue_instance(job, queue), &job});
        if (is_waiting(job)) waiting.emplace_back(job);
    }
    std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        return std::tie(a.queue_instance, a.job->id) < std::tie(b.queue_instance, b.job->id);
    });
    std::stable_sort(waiting.begin(), waiting.end(), [](const Job& a, const Job& b) {
        return std::make_tuple(-a.spec.priority, a.submit_time, a.id) <
               std::make_tuple(-b.spec.priority, b.submit_time, b.id);
    });
    JobList listed;
    listed.reserve(placed.size() + waiting.size());
    for (const auto& entry : placed)
        listed.emplace_back(*entry.job);
    listed.insert(listed.end(), waiting.begin(), waiting.end());
    return listed;
}

std::vector<wire::NodeStatus> nodes_by_name(const std::vector<wire::NodeStatus>& nodes) {
    std::vector<wire::NodeStatus> sorted = nodes;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.inventory.name < b.inventory.name; });
    return sorted;
}

int job_slots(const Job& job) {
    return is_placed(job) ? job.allocation.slots() : job.spec.slots;
}

int slots_on_node(const Job& job, const std::string& node) {
    if (!is_placed(job)) return 0;
    int slots = 0;
    for (const auto& grant : job.allocation.grants) {
        if (grant.node == node) slots += grant.slots();
    }
    return slots;
}

std::string job_line_head(const Job& job, const FormatContext& context) {
    const std::int64_t shown =
        is_placed(job) && job.start_time > 0 ? job.start_time : job.submit_time;
    return strprintf("%7llu %7.5f %-10.10s %-12.12s %-5.5s %s ",
                     static_cast<unsigned long long>(job.id), ge_priority(job),
                     job.spec.name.c_str(), job.owner.user.c_str(), state_letters(job).c_str(),
                     table_time(context.calendar(shown)).c_str());
}

std::string job_line_tail(int slots) {
    return strprintf("%5d %7s\n", slots, "");
}

}  // namespace bramble::qstat
