#include "callers.hpp"

#include <grp.h>
#include <pwd.h>

#include <string>

namespace bramble::scheduler {

Caller caller_of(std::uint32_t uid, std::uint32_t gid) {
    Caller caller{uid, gid, "", ""};
    if (const passwd* user = getpwuid(uid)) caller.user = user->pw_name;
    if (const group* entry = getgrgid(gid)) {
        caller.group = entry->gr_name;
    } else {
        caller.group = std::to_string(gid);
    }
    return caller;
}

}  // namespace bramble::scheduler
