// GPIO chip access for the job's owner (see gpio_access.hpp). libacl edits the device's ACL: it is
// the system's own interface to POSIX ACLs, so the entry is written exactly as setfacl would.
#include "execd/shepherd/gpio_access.hpp"

#include <acl/libacl.h>
#include <fcntl.h>
#include <sys/acl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "execd/private_dir.hpp"

namespace bramble::shepherd {
namespace {

using AclHandle = std::unique_ptr<std::remove_pointer_t<acl_t>, decltype(&acl_free)>;

Error acl_error(const std::string& what, const std::string& device) {
    return make_error("cannot " + what + " the ACL of " + device + ": " + std::strerror(errno));
}

// The ACL_USER entry for `uid`, or null.
acl_entry_t find_user_entry(acl_t acl, uid_t uid) {
    acl_entry_t entry = nullptr;
    for (int which = ACL_FIRST_ENTRY; acl_get_entry(acl, which, &entry) == 1;
         which = ACL_NEXT_ENTRY) {
        acl_tag_t tag = ACL_UNDEFINED_TAG;
        if (acl_get_tag_type(entry, &tag) != 0 || tag != ACL_USER) continue;
        auto* qualifier = static_cast<uid_t*>(acl_get_qualifier(entry));
        const bool same = qualifier != nullptr && *qualifier == uid;
        acl_free(qualifier);
        if (same) return entry;
    }
    return nullptr;
}

// The chip, as a path-only descriptor (nothing is read or written through it), never through a
// symbolic link: root edits the ACL of exactly the device named, not of a file a link leads to.
// A plain file is accepted too: it stands in for the chip in tests.
Result<execd::Fd> open_chip(const std::string& device) {
    execd::Fd fd(::open(device.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    struct stat info {};
    if (!fd.valid() || ::fstat(fd.get(), &info) != 0) {
        return make_error("cannot open the GPIO chip " + device + ": " + std::strerror(errno));
    }
    if (S_ISLNK(info.st_mode)) {
        return make_error("the GPIO chip " + device +
                          " is a symbolic link: refusing to change its ACL (name the device)");
    }
    if (!S_ISCHR(info.st_mode) && !S_ISREG(info.st_mode)) {
        return make_error("the GPIO chip " + device +
                          " is not a device: refusing to change its ACL");
    }
    return fd;
}

// The descriptor's inode by name, for libacl's calls that take a path.
std::string path_of(const execd::Fd& fd) {
    return "/proc/self/fd/" + std::to_string(fd.get());
}

Status store(acl_t acl, const execd::Fd& chip, const std::string& device) {
    if (acl_calc_mask(&acl) != 0) return acl_error("compute the mask of", device);
    if (acl_set_file(path_of(chip).c_str(), ACL_TYPE_ACCESS, acl) != 0) {
        return acl_error("set", device);
    }
    return ok_status();
}

bool applies(const execd::LaunchSpec& launch) {
    struct stat info {};
    return !launch.gpio_lines.empty() && !launch.gpio_chip.empty() && ::geteuid() == 0 &&
           ::lstat(gpio_device_path(launch.gpio_chip).c_str(), &info) == 0;
}

}  // namespace

std::string gpio_device_path(const std::string& chip) {
    return chip.starts_with('/') ? chip : "/dev/" + chip;
}

Status grant_gpio_access(const std::string& device, uid_t uid) {
    auto chip = open_chip(device);
    if (!chip) return chip.error();
    AclHandle acl(acl_get_file(path_of(*chip).c_str(), ACL_TYPE_ACCESS), &acl_free);
    if (!acl) return acl_error("read", device);
    acl_entry_t entry = find_user_entry(acl.get(), uid);
    acl_t raw = acl.get();
    if (entry == nullptr) {
        if (acl_create_entry(&raw, &entry) != 0 || acl_set_tag_type(entry, ACL_USER) != 0 ||
            acl_set_qualifier(entry, &uid) != 0) {
            return acl_error("add an entry to", device);
        }
        // acl_create_entry may have moved the ACL: the handle now owns the new one, not the old.
        (void)acl.release();
        acl.reset(raw);
    }
    acl_permset_t permissions = nullptr;
    if (acl_get_permset(entry, &permissions) != 0 || acl_clear_perms(permissions) != 0 ||
        acl_add_perm(permissions, ACL_READ) != 0 || acl_add_perm(permissions, ACL_WRITE) != 0 ||
        acl_set_permset(entry, permissions) != 0) {
        return acl_error("set the permissions in", device);
    }
    return store(acl.get(), *chip, device);
}

Status revoke_gpio_access(const std::string& device, uid_t uid) {
    auto chip = open_chip(device);
    if (!chip) return chip.error();
    AclHandle acl(acl_get_file(path_of(*chip).c_str(), ACL_TYPE_ACCESS), &acl_free);
    if (!acl) return acl_error("read", device);
    acl_entry_t entry = find_user_entry(acl.get(), uid);
    if (entry == nullptr) return ok_status();
    if (acl_delete_entry(acl.get(), entry) != 0) return acl_error("remove an entry from", device);
    return store(acl.get(), *chip, device);
}

bool chip_still_used(const std::string& own_dir, const std::string& chip, uid_t uid) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path own = fs::path(own_dir).lexically_normal();
    for (const auto& entry : fs::directory_iterator(own.parent_path(), error)) {
        if (!entry.is_directory(error) || entry.path().lexically_normal() == own) continue;
        if (fs::exists(entry.path() / execd::kExitFile, error)) continue;  // it has ended
        auto other = execd::read_launch_spec(entry.path().string());
        if (other && other->job.owner.uid == uid && other->gpio_chip == chip &&
            !other->gpio_lines.empty()) {
            return true;
        }
    }
    return false;
}

Status open_gpio_for_job(const execd::LaunchSpec& launch) {
    if (!applies(launch)) return ok_status();
    return grant_gpio_access(gpio_device_path(launch.gpio_chip), launch.job.owner.uid);
}

Status close_gpio_for_job(const execd::LaunchSpec& launch, const std::string& job_dir) {
    if (!applies(launch)) return ok_status();
    if (chip_still_used(job_dir, launch.gpio_chip, launch.job.owner.uid)) return ok_status();
    return revoke_gpio_access(gpio_device_path(launch.gpio_chip), launch.job.owner.uid);
}

}  // namespace bramble::shepherd
