// Selecting jobs and queue instances by qstat -q.
#include "queue_filter.hpp"

#include "job_view.hpp"

namespace bramble::qstat {

namespace {

struct QueueRef {
    std::string queue;
    std::string node;  // empty: every node
};

QueueRef parse_ref(const std::string& text) {
    const auto at = text.find('@');
    if (at == std::string::npos) return {text, ""};
    return {text.substr(0, at), text.substr(at + 1)};
}

bool selects_node(const std::vector<std::string>& queues, const std::string& cluster_queue,
                  const std::string& node) {
    for (const auto& text : queues) {
        const QueueRef ref = parse_ref(text);
        if (ref.queue == cluster_queue && (ref.node.empty() || ref.node == node)) return true;
    }
    return false;
}

bool selects_queue(const std::vector<std::string>& queues, const std::string& cluster_queue) {
    for (const auto& text : queues) {
        if (parse_ref(text).queue == cluster_queue) return true;
    }
    return false;
}

}  // namespace

std::vector<JobRow> jobs_in_queues(const std::vector<JobRow>& jobs,
                                   const std::vector<std::string>& queues,
                                   const std::string& cluster_queue) {
    std::vector<JobRow> selected;
    for (const auto& job : jobs) {
        bool keep = is_waiting(job) && selects_queue(queues, cluster_queue);
        for (const auto& grant : job.grants) {
            keep = keep || (is_placed(job) && selects_node(queues, cluster_queue, grant.node));
        }
        if (keep) selected.push_back(job);
    }
    return selected;
}

std::vector<wire::NodeStatus> nodes_in_queues(const std::vector<wire::NodeStatus>& nodes,
                                              const std::vector<std::string>& queues,
                                              const std::string& cluster_queue) {
    std::vector<wire::NodeStatus> selected;
    for (const auto& node : nodes) {
        if (selects_node(queues, cluster_queue, node.inventory.name)) selected.push_back(node);
    }
    return selected;
}

}  // namespace bramble::qstat
