// Owner lookup and the uid switch (see account.hpp).
#include "execd/shepherd/account.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace bramble::shepherd {

Result<Account> lookup_account(uid_t uid, const std::string& node) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    const int rc = ::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
    if (rc != 0 || found == nullptr) {
        return make_error("uid " + std::to_string(uid) + " has no account on " + node +
                          (rc != 0 ? std::string(": ") + std::strerror(rc) : std::string()));
    }
    Account account;
    account.uid = found->pw_uid;
    account.gid = found->pw_gid;
    account.user = found->pw_name;
    account.home = found->pw_dir;
    account.shell = found->pw_shell[0] != '\0' ? found->pw_shell : "/bin/sh";
    return account;
}

std::vector<gid_t> supplementary_groups(const Account& account) {
    int count = 32;
    std::vector<gid_t> groups(static_cast<std::size_t>(count));
    if (::getgrouplist(account.user.c_str(), account.gid, groups.data(), &count) < 0) {
        groups.resize(static_cast<std::size_t>(count));
        ::getgrouplist(account.user.c_str(), account.gid, groups.data(), &count);
    }
    groups.resize(static_cast<std::size_t>(std::max(count, 0)));
    return groups;
}

}  // namespace bramble::shepherd
