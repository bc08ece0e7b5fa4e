// The parts of a parallel job on the nodes other than its master. The master's execd runs the
// script; every other node of the allocation is told of the job with StartJobPart, so that its
// execd accepts the job's `qrsh -inherit` requests (Open MPI starts its daemons that way) and knows
// whose processes to kill when the job ends. Also the lookup of every node's execd address and of
// the host names PE_HOSTFILE lists.
#include <map>
#include <string>

#include "scheduler.hpp"

namespace bramble::scheduler {

// node -> "address:port" of its execd, for the nodes of `job` whose execd listens for others.
std::map<std::string, std::string> Scheduler::execd_addresses(const Job& job) const {
    std::map<std::string, std::string> out;
    for (const auto& grant : job.allocation.grants) {
        const NodeRecord* node = nodes_.find(grant.node);
        if (node == nullptr || node->inventory.execd_port <= 0) continue;
        const NodeInventory& inventory = node->inventory;
        const std::string& address = inventory.execd_address;
        const bool v6 = address.find(':') != std::string::npos;
        out[grant.node] =
            (v6 ? "[" + address + "]" : address) + ":" + std::to_string(inventory.execd_port);
    }
    return out;
}

// node -> the host name PE_HOSTFILE lists for it: the name its execd reported, unless another node
// of the job reported the same one (several execds posing as nodes on one machine), in which case
// the node's own name, so that every line of the file still names one node and qrsh -inherit can
// tell them apart.
std::map<std::string, std::string> Scheduler::job_host_names(const Job& job) const {
    std::map<std::string, std::string> out;
    std::map<std::string, int> uses;
    for (const auto& grant : job.allocation.grants) {
        const NodeRecord* node = nodes_.find(grant.node);
        if (node == nullptr) continue;
        out[grant.node] = node->inventory.hostname;
        ++uses[node->inventory.hostname];
    }
    for (auto& [node, host] : out) {
        if (uses[host] > 1) host = node;
    }
    return out;
}

void Scheduler::send_job_parts(const Job& job) {
    if (job.allocation.grants.size() < 2) return;
    wire::StartJobPart part;
    part.id = job.id;
    part.owner = job.owner;
    part.allocation = job.allocation;
    part.master = job.allocation.grants.front().node;
    part.queue = config_.queue;
    part.hosts = job_host_names(job);
    part.execds = execd_addresses(job);
    for (std::size_t i = 1; i < job.allocation.grants.size(); ++i) {
        part.node = job.allocation.grants[i].node;
        nodes_.send(part.node, part);
    }
}

}  // namespace bramble::scheduler
