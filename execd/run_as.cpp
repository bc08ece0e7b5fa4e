// The run-as rule (see run_as.hpp).
#include "execd/run_as.hpp"

namespace bramble::execd {

std::optional<std::string> cannot_run_as(uid_t self, uid_t owner_uid, const std::string& owner_user,
                                         const std::string& node) {
    if (self == 0 || self == owner_uid) return std::nullopt;
    const std::string who = owner_user.empty() ? "uid " + std::to_string(owner_uid) : owner_user;
    return "execd on " + node + " runs as uid " + std::to_string(self) +
           " and cannot run jobs as user " + who;
}

}  // namespace bramble::execd
