// qquota: the config's per-user slot limits (`user_limits: USER: {max_slots: N}`) as Grid Engine
// shows resource quota rules, with the slots each user's jobs hold now. bramble's limits are one
// rule set, `user_limits`, a rule per configured user ("*" for everyone, which a named user's own
// entry replaces); `max_running_jobs` has no Grid Engine complex and is not shown. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "wire/messages.hpp"

namespace bramble::qstat {

struct QuotaLine {
    std::string rule;    // "user_limits/2"
    std::string limit;   // "slots=3/4": held / allowed
    std::string filter;  // "users alice"
};

// Slots held by each user's jobs that are on nodes (starting, running or being deleted).
std::map<std::string, int> slots_in_use(const std::vector<wire::JobRow>& jobs);

// A line for each of `users` that a slot limit applies to; users {"*"} means every user who has a
// limit of their own or holds slots under everyone's.
std::vector<QuotaLine> quota_lines(const wire::ConfigReply& config,
                                   const std::map<std::string, int>& in_use,
                                   const std::vector<std::string>& users);

// Grid Engine's table (`%-19s %-20s %s`, 80 dashes); nothing at all without a line, as Grid
// Engine prints nothing when no quota applies.
std::string format_quota(const std::vector<QuotaLine>& lines);

}  // namespace bramble::qstat
