// The job owner's account on this node (passwd), and becoming that user.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "model/result.hpp"

namespace bramble::shepherd {

struct Account {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string user;
    std::string home;
    std::string shell;
};

// The passwd entry of `uid`; an error naming the node when the user does not exist here.
Result<Account> lookup_account(uid_t uid, const std::string& node);

// The account's supplementary groups (getgrouplist), for setgroups in a child that may only make
// system calls.
std::vector<gid_t> supplementary_groups(const Account& account);

}  // namespace bramble::shepherd
