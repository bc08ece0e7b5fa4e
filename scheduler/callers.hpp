// Who a client is in the head node's terms: a uid and gid (from the kernel for a local client,
// from the node that vouches for a relayed one) with the names the head's passwd and group
// databases give them.
#pragma once

#include <cstdint>

#include "scheduler.hpp"

namespace bramble::scheduler {

// An empty user when the head has no passwd entry for `uid`; the group's number when it has no
// group entry for `gid`.
Caller caller_of(std::uint32_t uid, std::uint32_t gid);

}  // namespace bramble::scheduler
