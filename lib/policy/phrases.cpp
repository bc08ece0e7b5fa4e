// Wording shared by pending reasons and could_ever_run.
#include "policy/phrases.hpp"

#include "model/units.hpp"

namespace bramble::policy {

std::string cores_text(int cores) {
    return std::to_string(cores) + (cores == 1 ? " core" : " cores");
}

std::string slots_text(int slots) {
    return std::to_string(slots) + (slots == 1 ? " slot" : " slots");
}

std::string demand_text(const Request& request) {
    std::string text = "needs " + cores_text(request.slots);
    if (request.memory_per_slot == 0) return text;
    text += " with " + format_memory(request.memory_per_slot);
    if (request.slots != 1) text += " each";
    return text;
}

std::string memory_demand_text(const Request& request) {
    std::string text = "needs " + format_memory(request.memory) + " on one node (" +
                       slots_text(request.slots) + " x " + format_memory(request.memory_per_slot);
    if (request.memory_per_job > 0)
        text += " + " + format_memory(request.memory_per_job) + " per job";
    return text + ")";
}

std::string slots_demand_text(const Request& request) {
    std::string text = "needs " + std::to_string(request.slots);
    if (request.slots_max > request.slots) text += "-" + std::to_string(request.slots_max);
    text += request.slots_max == 1 ? " slot" : " slots";
    if (!request.pe.empty()) text += " with -pe " + std::string(request.pe);
    return text;
}

std::string labels_text(const Labels& labels) {
    std::string text;
    for (const auto& [key, value] : labels) {
        if (!text.empty()) text += ", ";
        text += key + "=" + value;
    }
    return text;
}

std::string where_text(const Request& request) {
    std::string text;
    for (const std::string& pattern : request.patterns) {
        text += text.empty() ? "nodes matching " : " or ";
        text += pattern;
    }
    if (request.labels != nullptr) {
        text += (text.empty() ? "nodes with " : " with ") + labels_text(*request.labels);
    }
    return text;
}

std::string capacity_text(const NodeState& node) {
    return cores_text(node.cores) + " and " + format_memory(node.memory);
}

std::string unavailable_text(const NodeState& node) {
    switch (node.view->unavailable) {
        case Unavailable::Disabled:
            return "disabled";
        case Unavailable::InError:
            return "in error";
        case Unavailable::Down:
            break;
    }
    return "down";
}

std::string free_text(const NodeState& node) {
    return cores_text(node.free_cores) + " and " + format_memory(node.memory_free);
}

}  // namespace bramble::policy
