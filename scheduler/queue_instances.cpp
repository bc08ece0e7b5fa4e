// names_queue_instance (see queue_instances.hpp), with the planner's wildcard matcher: linear
// backtracking, so a user's pattern of many `*` costs no more than its length.
#include "queue_instances.hpp"

#include "policy/node_pattern.hpp"

namespace bramble::scheduler {

bool names_queue_instance(std::string_view target, std::string_view queue, std::string_view node) {
    const auto at = target.find('@');
    if (at != std::string_view::npos) {
        return policy::matches_pattern(target.substr(0, at), queue) &&
               policy::matches_pattern(target.substr(at + 1), node);
    }
    return policy::matches_pattern(target, queue) || target == node;
}

}  // namespace bramble::scheduler
