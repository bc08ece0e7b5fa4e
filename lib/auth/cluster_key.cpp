#include "auth/cluster_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bramble::auth {
namespace {

constexpr std::size_t kShortestKey = 16;
constexpr std::size_t kLongestKey = 4096;

void ensure_sodium() {
    // Idempotent and thread-safe; it picks the fastest implementations and opens the random source.
    static const int ready = sodium_init();
    (void)ready;
}

std::string octal_mode(mode_t mode) {
    std::array<char, 8> text{};
    (void)std::snprintf(text.data(), text.size(), "%04o", static_cast<unsigned>(mode & 07777));
    return text.data();
}

std::string file_kind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

class Descriptor {
  public:
    explicit Descriptor(int fd) : fd_(fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] int get() const { return fd_; }

  private:
    int fd_;
};

}  // namespace

Result<ClusterKey> ClusterKey::load(const std::string& path) {
    // Non-blocking, so a FIFO with no writer is refused below instead of hanging the daemon's
    // start; not through a symlink, so the key is the file the administrator put there.
    const Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW));
    if (file.get() < 0 && errno == ELOOP) {
        return make_error("the cluster key " + path +
                          " is a symbolic link; name the key file itself (--cluster-key)");
    }
    if (file.get() < 0) {
        return make_error("cannot read the cluster key " + path + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(file.get(), &info) != 0) {
        return make_error("cannot read the cluster key " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(info.st_mode)) {
        return make_error("the cluster key " + path + " is " + file_kind(info.st_mode) +
                          ", not a regular file");
    }
    if (info.st_uid != ::geteuid()) {
        return make_error("the cluster key " + path + " belongs to uid " +
                          std::to_string(info.st_uid) + ", not to this daemon's uid " +
                          std::to_string(::geteuid()) + ": chown it");
    }
    if ((info.st_mode & 077) != 0) {
        return make_error("the cluster key " + path + " has mode " + octal_mode(info.st_mode) +
                          ": other users could read it and speak as a daemon; chmod 600 it");
    }
    const auto size = static_cast<std::size_t>(info.st_size);
    if (size < kShortestKey || size > kLongestKey) {
        return make_error("the cluster key " + path + " holds " + std::to_string(size) +
                          " bytes; a key is " + std::to_string(kShortestKey) + " to " +
                          std::to_string(kLongestKey) +
                          " bytes (head -c 32 /dev/urandom makes one)");
    }
    std::string bytes(size, '\0');
    std::size_t have = 0;
    while (have < size) {
        const ssize_t n = ::read(file.get(), bytes.data() + have, size - have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            return make_error("cannot read the cluster key " + path + ": " +
                              (n < 0 ? std::strerror(errno) : "it shrank while being read"));
        }
        have += static_cast<std::size_t>(n);
    }
    return ClusterKey(std::move(bytes));
}

std::string ClusterKey::tag(std::initializer_list<std::string_view> parts) const {
    ensure_sodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(bytes_.data()),
                                bytes_.size());
    for (std::string_view part : parts) {
        const auto length = static_cast<std::uint64_t>(part.size());
        std::array<unsigned char, 8> prefix{};
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            prefix[i] = static_cast<unsigned char>(length >> (56 - 8 * i));
        }
        crypto_auth_hmacsha256_update(&state, prefix.data(), prefix.size());
        crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                      part.size());
    }
    std::string out(kTagBytes, '\0');
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(out.data()));
    sodium_memzero(&state, sizeof state);
    return out;
}

std::string default_key_path() {
    if (::geteuid() == 0) return "/etc/bramble/cluster.key";
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config) {
        return std::string(config) + "/bramble/cluster.key";
    }
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "/tmp") + "/.config/bramble/cluster.key";
}

std::string random_nonce() {
    ensure_sodium();
    std::string out(kTagBytes, '\0');
    randombytes_buf(out.data(), out.size());
    return out;
}

bool same_tag(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0xf]);
    }
    return out;
}

std::string from_hex(std::string_view text) {
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    if (text.size() % 2 != 0) return "";
    std::string out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = digit(text[i]);
        const int low = digit(text[i + 1]);
        if (high < 0 || low < 0) return "";
        out.push_back(static_cast<char>(high * 16 + low));
    }
    return out;
}

}  // namespace bramble::auth
