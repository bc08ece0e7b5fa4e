// A job's environment as -v, -V and YAML env: build it: NAME=value pairs in the order first given,
// a later value of a name replacing the earlier in place. Merging costs what it adds, and the
// count is bounded, so 200,000 -v entries are refused at once instead of costing seconds of
// quadratic work.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/result.hpp"

namespace bramble::jobscript {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// Where each name sits in one environment, kept beside it (QsubOptions) across merges. It is
// rebuilt whenever its size is not the environment's, so a fresh or reassigned spec is safe.
using EnvIndex = std::unordered_map<std::string, std::size_t>;

// Adds `additions` to `env` (names already checked). Refused, leaving `env` as it was, when the
// result would hold more than kMaxEnvVars variables.
Status merge_env(EnvVars& env, const EnvVars& additions, EnvIndex& index);
Status merge_env(EnvVars& env, const EnvVars& additions);

}  // namespace bramble::jobscript
