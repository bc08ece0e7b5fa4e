// Real Unix users for multi-user tests. When the tests run as root, two users (bramble-alice and
// bramble-bob, with home directories) are created if missing, so ownership and permissions are
// tested with real uids. Tests that need them GTEST_SKIP() when they are not available.
#pragma once

#include <optional>
#include <string>

#include "support/process.hpp"

namespace bramble::test {

struct TestUsers {
    UserIdentity alice;
    UserIdentity bob;
};

// The two users, created on first use; nothing when not root or when useradd fails (the reason is
// in `why_not`).
std::optional<TestUsers> test_users(std::string* why_not = nullptr);

}  // namespace bramble::test
