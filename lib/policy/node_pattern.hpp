// Grid Engine host patterns, as in `-l hostname=pi0[1-3]|gpu*` or YAML `nodes: [pi0?]`: `*` any
// run of characters, `?` any one, `[1-3]`/`[abc]` one of a set (`[!x]` or `[^x]` none of it), and
// `|` between alternatives. A plain name matches only itself.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace bramble::policy {

// Whether `name` matches `pattern` (any of its `|` alternatives).
bool matches_pattern(std::string_view pattern, std::string_view name);

// Whether `name` matches any of `patterns`; true when there are none.
bool matches_any(std::span<const std::string> patterns, std::string_view name);

}  // namespace bramble::policy
