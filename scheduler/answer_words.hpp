// Words qmod's answers share with Grid Engine's: who asked, and the host the change was made from.
#pragma once

#include <string>

#include "scheduler.hpp"

namespace bramble::scheduler {

// The caller's user name, or its uid when the name is unknown.
std::string caller_name(const Caller& caller);

// Grid Engine's answers name the host the change was made from; bramble's tools reach the
// scheduler on this host (or through an execd that vouches for the user).
const std::string& this_host();

}  // namespace bramble::scheduler
