// Who may run whose jobs: a root execd runs everybody's jobs as their owners; an execd started by
// a user can only run that user's jobs, and says so plainly when asked for someone else's.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace bramble::execd {

// Why a process with effective uid `self` on node `node` cannot run a job owned by `owner_uid`
// (`owner_user`), or nothing when it can.
std::optional<std::string> cannot_run_as(uid_t self, uid_t owner_uid, const std::string& owner_user,
                                         const std::string& node);

}  // namespace bramble::execd
