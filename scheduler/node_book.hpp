// Every node that has registered (or that the spool remembers), as the scheduler knows it: its
// inventory and load, its live link, and whether it is up, resting after an error, or lost. The
// rules that need only the nodes live here; those that also move jobs (node_events.cpp,
// node_loss.cpp, sick_node.cpp) are the scheduler's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "model/job.hpp"
#include "model/node.hpp"
#include "wire/messages.hpp"

namespace bramble::scheduler {

// What the scheduler needs of one execd's link. The TCP link implements it; tests use a recorder.
class NodeChannel {
  public:
    virtual ~NodeChannel() = default;
    virtual void send(const wire::Message& message) = 0;
    // Ends the link; the closing is reported later through Scheduler::node_link_closed.
    virtual void close(const std::string& why) = 0;
};

// One node as the scheduler knows it.
struct NodeRecord {
    NodeInventory inventory;
    NodeLoad load;
    bool up = false;
    std::shared_ptr<NodeChannel> link;  // the live execd link, if any
    std::int64_t last_seen_ms = 0;      // steady clock
    // Jobs the node did not list when it registered: failed once the grace period ends unless their
    // JobFinished arrives first.
    std::set<JobId> suspects;
    std::int64_t reconcile_at_ms = 0;
    // Since when the node has been down (steady clock; 0 while up), and whether its jobs were
    // given up after node_lost_seconds (node_loss.cpp).
    std::int64_t down_since_ms = 0;
    bool lost = false;
    // Why the node takes no new jobs, until error_until_ms or its execd registers again.
    std::string error;
    std::int64_t error_until_ms = 0;
    // A manager disabled the node's queue instance (qmod -d): its jobs run on, none start.
    bool disabled = false;
};

class NodeBook {
  public:
    [[nodiscard]] const std::map<std::string, NodeRecord>& records() const { return nodes_; }
    [[nodiscard]] std::map<std::string, NodeRecord>& records() { return nodes_; }
    [[nodiscard]] NodeRecord* find(const std::string& name);
    [[nodiscard]] const NodeRecord* find(const std::string& name) const;
    // The record a registration (or the spool) fills in, made when the node is new.
    NodeRecord& record(const std::string& name) { return nodes_[name]; }

    // Has a live link and has spoken within node_timeout_seconds.
    [[nodiscard]] bool is_up(const std::string& name) const;
    // Up, not resting after failing a job for reasons of its own, and not disabled by a manager.
    [[nodiscard]] bool takes_jobs(const std::string& name) const;
    // Sends on the node's live link; a node without one is logged and skipped.
    void send(const std::string& name, const wire::Message& message);

  private:
    std::map<std::string, NodeRecord> nodes_;
};

}  // namespace bramble::scheduler
