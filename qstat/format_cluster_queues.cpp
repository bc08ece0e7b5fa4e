// qstat -g c (see format_cluster_queues.hpp).
#include "format_cluster_queues.hpp"

#include <algorithm>

#include "text.hpp"

namespace bramble::qstat {

std::string format_cluster_queues(const std::vector<wire::NodeStatus>& nodes,
                                  const FormatContext& context) {
    if (nodes.empty()) return "";
    int used = 0;
    int total = 0;
    int unavailable = 0;  // cdsuE: slots of nodes down (u), disabled (d) or resting (E)
    double load = 0;
    int loaded = 0;
    for (const auto& node : nodes) {
        const int slots = node.inventory.cores;
        total += slots;
        used += node.slots_used;
        if (!node.up || !node.error.empty() || node.disabled) {
            unavailable += slots;
        } else if (slots > 0) {
            load += node.load.load_avg / slots;
            ++loaded;
        }
    }
    const int available = std::max(0, total - used - unavailable);
    const std::string cqload = loaded > 0 ? strprintf("%7.2f", load / loaded) : "   -NA-";
    return strprintf("%-30.30s %7.7s %6.6s %6.6s %6.6s %6.6s %6.6s %6.6s  \n", "CLUSTER QUEUE",
                     "CQLOAD", "USED", "RES", "AVAIL", "TOTAL", "aoACDS", "cdsuE") +
           std::string(80, '-') + "\n" +
           strprintf("%-30.30s %s %6d %6d %6d %6d %6d %6d \n", context.queue.c_str(),
                     cqload.c_str(), used, 0, available, total, 0, unavailable);
}

}  // namespace bramble::qstat
