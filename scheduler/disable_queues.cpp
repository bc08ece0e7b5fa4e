// qmod -d and -e: a disabled queue instance (a drained node) starts nothing new while the jobs
// already there run to their end; enabling it lets the pass place jobs there again. Only a
// manager may do either. The state is the spool's (disabled_nodes), so a restart keeps it. The
// answers are Grid Engine's.
#include <string>

#include "answer_words.hpp"
#include "log.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

bool Scheduler::set_queues_enabled(const Caller& caller, const std::string& pattern, bool enable,
                                   wire::DeleteReply& out) {
    const std::string state = enable ? "enabled" : "disabled";
    return each_managed_instance(
        caller, pattern, out,
        [&](const std::string& name, NodeRecord& node, const std::string& instance) {
            if (node.disabled != enable) {
                out.lines.push_back("Queue instance " + instance +
                                    " is already in the specified state: " + state);
                return true;
            }
            const std::string who = caller_name(caller);
            const auto saved = turn_.write([&](store::Spool& spool) {
                return enable ? spool.enable_node(name)
                              : spool.disable_node(name, who, clock_.wall_seconds());
            });
            if (!saved) {
                log("spool: cannot record that node " + name + " is " + state + ": " +
                    saved.message());
                return false;  // the turn will not commit: the reply says so
            }
            log("node " + name + " " + (enable ? "takes new jobs again" : "starts no new jobs") +
                ": " + state + " by " + who);
            // Disabling takes hold at once, so that this turn's pass (which runs before the commit)
            // already leaves the node alone; a failed commit undoes it. Enabling waits for the
            // commit, and the pass after it may use the node.
            if (!enable) node.disabled = true;
            after_commit([this, name, enable](bool committed) {
                NodeRecord* record = nodes_.find(name);
                if (record == nullptr) return;
                if (!enable && !committed) record->disabled = false;
                if (enable && committed) {
                    record->disabled = false;
                    mark_dirty();
                }
            });
            out.lines.push_back(who + "@" + this_host() + " changed state of " + instance + " (" +
                                state + ")");
            return true;
        });
}

}  // namespace bramble::scheduler
