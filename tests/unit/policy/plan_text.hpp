// A plan as one line per job, so tests compare what a person would read and failures show a diff:
//   "42 -> pi01 [0,1] 1.0G" for a placement, "43: needs 4 cores on one node; ..." for a reason.
// A grant's consumables and GPIO lines follow when it holds any: "pi03 [0] 0 gpu=1 gpio=fan".
#pragma once

#include <string>
#include <vector>

#include "model/units.hpp"
#include "policy/planner.hpp"

namespace bramble::policy::testing {

inline std::string grant_text(const NodeGrant& grant) {
    std::string text = grant.node + " [";
    for (std::size_t i = 0; i < grant.cores.size(); ++i) {
        if (i > 0) text += ",";
        text += std::to_string(grant.cores[i]);
    }
    text += "] " + format_memory(grant.memory);
    for (const auto& [name, amount] : grant.consumables)
        text += " " + name + "=" + std::to_string(amount);
    for (const std::string& line : grant.gpio)
        text += " gpio=" + line;
    return text;
}

// An allocation as one line: its grants, the master first, and "exclusive" when it is.
inline std::string allocation_text(const Allocation& allocation) {
    std::string text;
    for (const NodeGrant& grant : allocation.grants)
        text += (text.empty() ? "" : " ") + grant_text(grant);
    return allocation.exclusive ? text + " exclusive" : text;
}

inline std::vector<std::string> plan_lines(const Plan& plan) {
    std::vector<std::string> lines;
    for (const Placement& placement : plan.placements) {
        std::string line = std::to_string(placement.id) + " ->";
        for (const NodeGrant& grant : placement.allocation.grants)
            line += " " + grant_text(grant);
        lines.push_back(line);
    }
    for (const PendingReason& reason : plan.reasons) {
        lines.push_back(std::to_string(reason.id) + ": " + reason.reason);
    }
    return lines;
}

}  // namespace bramble::policy::testing
