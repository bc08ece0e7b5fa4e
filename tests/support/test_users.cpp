// Creates the multi-user tests' Unix users with useradd, once per test process. Test processes
// run side by side (ctest -j), so creation is serialised by a lock file.
#include "support/test_users.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bramble::test {
namespace {

// A home folder left by an earlier user of the same name (userdel without -r) still belongs to
// that user's uid; the new user is given it back, or their jobs could not write their output.
void own_home(const UserIdentity& user) {
    const int home = ::open(user.home.c_str(), O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (home < 0) return;
    struct stat info {};
    if (::fstat(home, &info) == 0 && info.st_uid != user.uid) {
        [[maybe_unused]] int ignored = ::fchown(home, user.uid, user.gid);
    }
    ::close(home);
}

// The user, created (with a home directory) if it does not exist yet.
std::optional<UserIdentity> ensure_user(const std::string& name, std::string& why_not) {
    if (auto existing = lookup_user(name)) {
        own_home(*existing);
        return existing;
    }
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
        const int lock = ::open("/run/lock/bramble-test-users.lock",
                                O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (lock >= 0) ::flock(lock, LOCK_EX);
        auto alice = ensure_user("bramble-alice", reason);
        auto bob = alice ? ensure_user("bramble-bob", reason) : std::nullopt;
        if (alice && bob) users = TestUsers{*alice, *bob};
        if (lock >= 0) ::close(lock);
    }
    if (why_not != nullptr) *why_not = reason;
    return users;
}

}  // namespace bramble::test
