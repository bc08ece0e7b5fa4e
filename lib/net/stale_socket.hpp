// A Unix socket path a daemon is about to listen on. A daemon that died leaves its socket file
// behind, and bind() refuses a path that exists; only a socket nobody answers on any more is
// removed, never a live daemon's (two daemons posing as nodes on one machine) nor any other file
// (the path is the admin's).
#pragma once

#include <string>
#include <string_view>

#include "model/result.hpp"

namespace bramble::net {

// Whether anything accepts connections on `path` now.
bool someone_answers(const std::string& path);

// Makes `path` free to bind: true when a stale socket was removed, false when nothing was there.
// `option` is the flag that chose the path, named in the messages ("--socket").
Result<bool> clear_stale_socket(const std::string& path, std::string_view option);

}  // namespace bramble::net
