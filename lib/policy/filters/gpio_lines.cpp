// gpio_lines: the master holds every GPIO line the job names, each exclusively; the other nodes of
// a parallel job hold none.
#include <algorithm>

#include "policy/filters/filters.hpp"

namespace bramble::policy {

Verdict gpio_lines(const Request& request, const Share& share, const NodeState& node) {
    if (request.gpio.empty() || !share.master) return kFits;
    const std::vector<std::string>& lines = node.view->gpio;
    bool busy = false;
    for (const std::string& line : request.gpio) {
        const auto found = std::find(lines.begin(), lines.end(), line);
        if (found == lines.end()) return {Fit::Never, "node lacks a requested GPIO line"};
        const auto index = static_cast<std::size_t>(found - lines.begin());
        busy = busy || (index < node.gpio_busy.size() && node.gpio_busy[index]);
    }
    if (busy) return {Fit::NotNow, "a requested GPIO line is held by another job"};
    return kFits;
}

}  // namespace bramble::policy
