// Wording shared by pending reasons and could_ever_run.
#include "policy/phrases.hpp"

#include "model/units.hpp"

namespace bramble::policy {

std::string cores_text(int cores) {
    return std::to_string(cores) + (cores == 1 ? " core" : " cores");
}

std::string demand_text(const Request& request) {
    std::string text = "needs " + cores_text(request.slots);
    if (request.memory_per_slot == 0) return text;
    text += " with " + format_memory(request.memory_per_slot);
    if (request.slots != 1) text += " each";
    return text;
}

std::string memory_demand_text(const Request& request) {
    return "needs " + format_memory(request.memory) + " on one node (" +
           std::to_string(request.slots) + (request.slots == 1 ? " slot x " : " slots x ") +
           format_memory(request.memory_per_slot) + ")";
}

std::string capacity_text(const NodeState& node) {
    return cores_text(node.cores) + " and " + format_memory(node.memory);
}

std::string free_text(const NodeState& node) {
    return cores_text(node.free_cores) + " and " + format_memory(node.memory_free);
}

}  // namespace bramble::policy
