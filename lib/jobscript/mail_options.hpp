// -m and -M: when a job's owner wants mail and where it goes. The addresses end up in a mail
// header that sendmail reads (scheduler/job_mail.cpp), so they are checked here, on both sides
// of the wire, to a charset that cannot carry a header, an option or a second recipient.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.hpp"

namespace bramble::jobscript {

inline constexpr std::size_t kMaxMailAddresses = 16;

// -m b|e|a|s|n letters -> the events, in Grid Engine's order for qstat -j ("abes" subset);
// "n" alone means none (""). Refuses any other letter.
Result<std::string> parse_mail_events(std::string_view letters);

// -M user[@host],...: each address user or user@host, where user is letters, digits and . _ + -
// not starting with '-' or '.', and host a dotted name of letters, digits and '-'.
Result<std::vector<std::string>> parse_mail_list(std::string_view list);

// The same checks on stored values (the scheduler's re-check of a spec it was sent).
Status check_mail_events(std::string_view events);
Status check_mail_address(std::string_view address);

}  // namespace bramble::jobscript
