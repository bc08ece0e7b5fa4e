#include "support/cluster_key_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

namespace bramble::test {

std::string write_cluster_key(const std::filesystem::path& path) {
    std::random_device random;
    std::string bytes;
    for (int i = 0; i < 8; ++i) {
        const auto word = random();
        for (int shift = 0; shift < 32; shift += 8)
            bytes.push_back(static_cast<char>(word >> shift));
    }
    // Created private: the key is never readable by anyone else, not even for a moment.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const bool written =
        fd >= 0 && ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    if (fd >= 0) ::close(fd);
    if (!written) throw std::runtime_error("cannot write the cluster key " + path.string());
    return path.string();
}

}  // namespace bramble::test
