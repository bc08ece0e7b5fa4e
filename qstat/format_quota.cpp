#include "format_quota.hpp"

#include <algorithm>
#include <set>

#include "text.hpp"

namespace bramble::qstat {
namespace {

bool holds_slots(JobState state) {
    return state == JobState::Dispatched || state == JobState::Running ||
           state == JobState::Deleting;
}

// The rules in the order Grid Engine numbers them: the config's entries with a slot limit.
std::vector<wire::UserLimitEntry> slot_rules(const wire::ConfigReply& config) {
    std::vector<wire::UserLimitEntry> rules;
    for (const auto& limit : config.user_limits) {
        if (limit.max_slots > 0) rules.push_back(limit);
    }
    return rules;
}

std::set<std::string> users_to_show(const std::vector<wire::UserLimitEntry>& rules,
                                    const std::map<std::string, int>& in_use,
                                    const std::vector<std::string>& users) {
    if (std::find(users.begin(), users.end(), "*") == users.end())
        return {users.begin(), users.end()};
    std::set<std::string> shown;
    for (const auto& rule : rules) {
        if (rule.user != "*") shown.insert(rule.user);
    }
    for (const auto& [user, slots] : in_use)
        shown.insert(user);
    return shown;
}

}  // namespace

std::map<std::string, int> slots_in_use(const std::vector<wire::JobRow>& jobs) {
    std::map<std::string, int> used;
    for (const auto& job : jobs) {
        if (holds_slots(job.state)) used[job.user] += job.slots;
    }
    return used;
}

std::vector<QuotaLine> quota_lines(const wire::ConfigReply& config,
                                   const std::map<std::string, int>& in_use,
                                   const std::vector<std::string>& users) {
    const auto rules = slot_rules(config);
    std::vector<QuotaLine> lines;
    for (const auto& user : users_to_show(rules, in_use, users)) {
        // A user's own entry replaces everyone's, as the planner applies them, even when it
        // caps only running jobs.
        const auto& limits = config.user_limits;
        auto applies = std::find_if(limits.begin(), limits.end(),
                                    [&](const auto& limit) { return limit.user == user; });
        if (applies == limits.end()) {
            applies = std::find_if(limits.begin(), limits.end(),
                                   [](const auto& limit) { return limit.user == "*"; });
        }
        if (applies == limits.end() || applies->max_slots <= 0) continue;
        const auto rule = std::find_if(rules.begin(), rules.end(), [&](const auto& limit) {
            return limit.user == applies->user;
        });
        const auto used = in_use.find(user);
        lines.push_back({"user_limits/" + std::to_string(rule - rules.begin() + 1),
                         "slots=" + std::to_string(used == in_use.end() ? 0 : used->second) + "/" +
                             std::to_string(applies->max_slots),
                         "users " + user});
    }
    return lines;
}

std::string format_quota(const std::vector<QuotaLine>& lines) {
    if (lines.empty()) return "";
    std::string out = strprintf("%-19s %-20s %s\n", "resource quota rule", "limit", "filter");
    out += std::string(80, '-') + "\n";
    for (const auto& line : lines) {
        out += strprintf("%-19s %-20s %s\n", line.rule.c_str(), line.limit.c_str(),
                         line.filter.c_str());
    }
    return out;
}

}  // namespace bramble::qstat
