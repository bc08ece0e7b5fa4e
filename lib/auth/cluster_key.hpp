// The cluster key: the secret every daemon of one cluster shares, and the keyed hashes made with
// it.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "model/result.hpp"

namespace bramble::auth {

// 32 bytes: an HMAC-SHA256 tag, a nonce.
inline constexpr std::size_t kTagBytes = 32;

class ClusterKey {
  public:
    // Reads the key file. It must be a regular file of 16 to 4096 bytes (any bytes: `head -c 32
    // /dev/urandom` makes a good one), owned by this process's user and unreadable by anyone else,
    // so that no user on a node can learn it and speak as a daemon.
    static Result<ClusterKey> load(const std::string& path);

    // A key from bytes already in hand (tests, a freshly derived session key).
    explicit ClusterKey(std::string bytes) : bytes_(std::move(bytes)) {}

    // HMAC-SHA256 of the parts, each prefixed by its length so that no two different part lists
    // hash the same bytes.
    [[nodiscard]] std::string tag(std::initializer_list<std::string_view> parts) const;

  private:
    std::string bytes_;
};

// Where a daemon looks when no key is named: /etc/bramble/cluster.key as root, else
// $XDG_CONFIG_HOME/bramble/cluster.key (or ~/.config/bramble/cluster.key).
std::string default_key_path();

// kTagBytes of fresh randomness from the kernel.
std::string random_nonce();

// Compares two tags in time that does not depend on where they differ.
bool same_tag(std::string_view a, std::string_view b);

std::string to_hex(std::string_view bytes);
// Empty when the text is not an even number of hex digits.
std::string from_hex(std::string_view text);

}  // namespace bramble::auth
