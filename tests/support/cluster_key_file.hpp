// A fresh cluster key for a test's daemons: 32 random bytes in a file only its owner can read.
#pragma once

#include <filesystem>
#include <string>

namespace bramble::test {

// Writes the key to `path` (mode 0600) and returns the path.
std::string write_cluster_key(const std::filesystem::path& path);

}  // namespace bramble::test
