// The queue instances a qmod target names. Grid Engine names them `queue@host` with wildcards in
// either part (all.q@pi01, *@pi01, all.q@pi0[1-3]) or by queue alone (all.q, *: every instance);
// bramble's one queue has one instance per node, and a bare node name (pi01) names that node's.
#pragma once

#include <string_view>

namespace bramble::scheduler {

// Whether `target` names the instance of `queue` on `node`.
bool names_queue_instance(std::string_view target, std::string_view queue, std::string_view node);

}  // namespace bramble::scheduler
