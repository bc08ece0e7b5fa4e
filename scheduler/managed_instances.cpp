#include "answer_words.hpp"
#include "queue_instances.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

bool Scheduler::each_managed_instance(const Caller& caller, const std::string& pattern,
                                      wire::DeleteReply& out, const InstanceAct& act) {
    bool found = false;
    for (auto& [name, node] : nodes_.records()) {
        if (!names_queue_instance(pattern, config_.queue, name)) continue;
        found = true;
        const std::string instance = "\"" + config_.queue + "@" + name + "\"";
        if (!is_manager(caller)) {
            out.lines.push_back(caller_name(caller) + " - you have no permission to modify queue " +
                                instance);
            out.failed = true;
        } else if (!act(name, node, instance)) {
            break;
        }
    }
    return found;
}

}  // namespace bramble::scheduler
