// What a filter says about one job on one node: it fits, it does not fit now (something is busy or
// down), or it never will (the node is too small or is the wrong node). The reason is a fixed
// phrase, so checking a job against every node costs no allocation; sentences for people are built
// only for jobs that stay pending (see reasons.hpp).
#pragma once

#include <string_view>

namespace bramble::policy {

enum class Fit { Ok, NotNow, Never };

struct Verdict {
    Fit fit = Fit::Ok;
    std::string_view reason;  // empty when fit is Ok

    [[nodiscard]] bool ok() const { return fit == Fit::Ok; }
};

inline constexpr Verdict kFits{};

}  // namespace bramble::policy
