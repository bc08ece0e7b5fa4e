// Creates the multi-user tests' Unix users with useradd, once per test process.
#include "support/test_users.hpp"

#include <unistd.h>

namespace bramble::test {
namespace {

// The user, created (with a home directory) if it does not exist yet.
std::optional<UserIdentity> ensure_user(const std::string& name, std::string& why_not) {
    if (auto existing = lookup_user(name)) return existing;
    Command useradd;
    useradd.argv = {"/usr/sbin/useradd", "--create-home", "--shell", "/bin/sh", name};
    useradd.env = environment_with({});
    ProcessResult result = run_command(useradd);
    // Another test process may have created the user between the lookup and useradd.
    if (auto created = lookup_user(name)) return created;
    why_not = "useradd " + name + " failed: " + result.describe();
    return std::nullopt;
}

}  // namespace

std::optional<TestUsers> test_users(std::string* why_not) {
    std::string reason;
    std::optional<TestUsers> users;
    if (::geteuid() != 0) {
        reason = "multi-user tests need root (to create users and run tools as them)";
    } else {
        auto alice = ensure_user("bramble-alice", reason);
        auto bob = alice ? ensure_user("bramble-bob", reason) : std::nullopt;
        if (alice && bob) users = TestUsers{*alice, *bob};
    }
    if (why_not != nullptr) *why_not = reason;
    return users;
}

}  // namespace bramble::test
