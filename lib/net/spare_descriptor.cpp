#include "net/spare_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace bramble::net {

void SpareDescriptor::release() {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
}

void SpareDescriptor::restore() {
    if (fd_ < 0) fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

}  // namespace bramble::net
