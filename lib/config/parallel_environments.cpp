// Parallel environments: the defaults, lookup by name, and allocation rules as Grid Engine writes
// them (see parallel_environments.hpp).
#include "config/parallel_environments.hpp"

#include <charconv>

namespace bramble::config {

namespace {

// A fixed count per node beyond any node's core count is a typo, not a plan.
constexpr int kMaxPerNode = 4096;

}  // namespace

std::map<std::string, ParallelEnvironment> default_parallel_environments() {
    using Kind = AllocationRule::Kind;
    return {
        {"mpi", {AllocationRule{Kind::FillUp, 0}, 0}},
        {"mpi_rr", {AllocationRule{Kind::RoundRobin, 0}, 0}},
        {"smp", {AllocationRule{Kind::PeSlots, 0}, 0}},
    };
}

std::map<std::string, ParallelEnvironment> parallel_environments_of(const ClusterConfig& config) {
    if (config.parallel_environments.empty()) return default_parallel_environments();
    return config.parallel_environments;
}

Result<ParallelEnvironment> find_pe(const ClusterConfig& config, const std::string& name) {
    const auto known = parallel_environments_of(config);
    if (const auto it = known.find(name); it != known.end()) return it->second;
    std::string names;
    for (const auto& [known_name, pe] : known)
        names += (names.empty() ? "" : ", ") + known_name;
    return make_error("unknown parallel environment '" + name + "'; this cluster has " + names);
}

Result<AllocationRule> parse_allocation_rule(const std::string& text) {
    using Kind = AllocationRule::Kind;
    if (text == "$pe_slots") return AllocationRule{Kind::PeSlots, 0};
    if (text == "$fill_up") return AllocationRule{Kind::FillUp, 0};
    if (text == "$round_robin") return AllocationRule{Kind::RoundRobin, 0};
    int per_node = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, per_node);
    if (!text.empty() && ec == std::errc{} && ptr == end && per_node >= 1 &&
        per_node <= kMaxPerNode) {
        return AllocationRule{Kind::PerNode, per_node};
    }
    return make_error("allocation rule '" + text +
                      "' is not $pe_slots, $fill_up, $round_robin or a number of slots per node "
                      "from 1 to " +
                      std::to_string(kMaxPerNode));
}

std::string format_allocation_rule(const AllocationRule& rule) {
    switch (rule.kind) {
        case AllocationRule::Kind::PeSlots:
            return "$pe_slots";
        case AllocationRule::Kind::FillUp:
            return "$fill_up";
        case AllocationRule::Kind::RoundRobin:
            return "$round_robin";
        case AllocationRule::Kind::PerNode:
            return std::to_string(rule.per_node);
    }
    return "";
}

}  // namespace bramble::config
