// What qalter and qhold say they changed: Grid Engine's "modified <attribute> of job N", with the
// attribute named as Grid Engine names it ("job name", "mail list", "hold").
#pragma once

#include <string>

namespace bramble::scheduler {

// The attribute an option changes; "attribute -x" for one without a Grid Engine name.
std::string altered_attribute(const std::string& option);

}  // namespace bramble::scheduler
