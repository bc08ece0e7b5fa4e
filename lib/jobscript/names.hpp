// The names a job carries (job, account, project, queue, parallel environment, resource) and the
// one way to show untrusted text in a message. A name is printed raw into every user's qstat, so
// it must be printable text: Grid Engine's rules (no blanks, no / : @ \ * ?), no control
// characters of any kind (C0, DEL, C1) and valid UTF-8, at most kMaxNameBytes bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/result.hpp"

namespace bramble::jobscript {

inline constexpr std::size_t kMaxNameBytes = 255;

// `what` names the field in the message ("job name", "account", ...): refusals read
// `job name "a\x1b[31m" contains a control character (byte 0x1b at position 2): names are
// printable characters without blanks or / : @ \ * ?`.
Status check_name(std::string_view what, std::string_view name);

// `text` in double quotes with every byte that is not printable ASCII or valid UTF-8 text written
// as \xNN (and " and \ escaped), so a message never carries a terminal escape to a terminal.
std::string quoted_printable(std::string_view text);

// The first byte of `text` that is a control character or not part of valid UTF-8, or npos.
// Tabs and newlines count as control characters; callers that allow them skip them first.
std::size_t first_unprintable(std::string_view text);

}  // namespace bramble::jobscript
