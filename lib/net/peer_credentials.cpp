#include "net/peer_credentials.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace bramble::net {

Result<PeerCredentials> peer_credentials(int unix_socket_fd) {
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (getsockopt(unix_socket_fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        return make_error(std::string("cannot read the peer's credentials (SO_PEERCRED): ") +
                          std::strerror(errno));
    }
    return PeerCredentials{credentials.pid, credentials.uid, credentials.gid};
}

}  // namespace bramble::net
