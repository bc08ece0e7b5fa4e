// Checks for the names a job uses to ask for particular nodes and GPIO lines. Node patterns are
// Grid Engine host wildcards: `*`, `?`, `[1-3]` (`[!x]` negates) and `|` between alternatives
// (pi0[1-3], pi*, pi01|pi02). They are checked here and matched by the scheduler.
#pragma once

#include <string_view>

#include "model/result.hpp"

namespace bramble::jobscript {

Status check_node_pattern(std::string_view pattern);

// A GPIO line name as the cluster config names it: letters, digits, '_' and '-'.
Status check_gpio_line_name(std::string_view name);

}  // namespace bramble::jobscript
