// Message <-> bytes. A body is a JSON object {"v": version, "type": name, ...fields}; decoding
// untrusted bytes never throws and never trusts a size it has not checked.
#pragma once

#include <string>
#include <string_view>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::wire {

std::string encode(const Message& message);
Result<Message> decode(std::string_view body);

// The message's type name ("submit", "job_finished", ...), for logs and errors.
std::string_view type_name(const Message& message);

}  // namespace bramble::wire
