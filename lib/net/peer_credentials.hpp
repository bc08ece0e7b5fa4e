// Who is on the other end of a Unix socket, from the kernel (SO_PEERCRED), never from the message.
#pragma once

#include <sys/types.h>

#include "model/result.hpp"

namespace bramble::net {

struct PeerCredentials {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
};

Result<PeerCredentials> peer_credentials(int unix_socket_fd);

}  // namespace bramble::net
