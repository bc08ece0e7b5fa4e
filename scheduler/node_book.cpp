// The nodes' own rules: up, taking jobs, and sending on their links.
#include "node_book.hpp"

#include "log.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler {

NodeRecord* NodeBook::find(const std::string& name) {
    auto it = nodes_.find(name);
    return it == nodes_.end() ? nullptr : &it->second;
}

const NodeRecord* NodeBook::find(const std::string& name) const {
    auto it = nodes_.find(name);
    return it == nodes_.end() ? nullptr : &it->second;
}

bool NodeBook::is_up(const std::string& name) const {
    const NodeRecord* node = find(name);
    return node != nullptr && node->up && node->link;
}

bool NodeBook::takes_jobs(const std::string& name) const {
    return is_up(name) && find(name)->error.empty() && !find(name)->disabled;
}

void NodeBook::send(const std::string& name, const wire::Message& message) {
    NodeRecord* node = find(name);
    if (node == nullptr || !node->link) {
        log("node " + name + " has no link; " + std::string(wire::type_name(message)) +
            " not sent");
        return;
    }
    node->link->send(message);
}

}  // namespace bramble::scheduler
