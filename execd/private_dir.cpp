// Directories no user can prepare (see private_dir.hpp).
#include "execd/private_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace bramble::execd {

namespace {

// A job's files may nest deeper than this only to make the removal run out of descriptors.
constexpr int kDeepestTree = 256;

std::string errno_text(int error) {
    return std::strerror(error);
}

std::string octal(mode_t mode) {
    std::array<char, 8> text{};
    (void)std::snprintf(text.data(), text.size(), "%04o", static_cast<unsigned>(mode & 07777));
    return text.data();
}

std::string owner_name(uid_t uid) {
    return uid == 0 ? "root" : "uid " + std::to_string(uid) + " (the execd's user)";
}

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

// Opens `name` below `at` as a directory, never through a link, wording what was found instead.
Result<Fd> open_dir_at(int at, const std::string& name, const std::string& what) {
    Fd fd(::openat(at, name.c_str(), kDirFlags));
    if (fd.valid()) return fd;
    const int error = errno;
    struct stat info {};
    if ((error == ELOOP || error == ENOTDIR) &&
        ::fstatat(at, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
        const std::string kind = S_ISLNK(info.st_mode) ? "a symbolic link" : "not a directory";
        return make_error(what + " is " + kind + ": refusing to use it");
    }
    return make_error("cannot open " + what + ": " + errno_text(error));
}

Result<struct stat> stat_of(const Fd& fd, const std::string& what) {
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        return make_error("cannot examine " + what + ": " + errno_text(errno));
    return info;
}

std::string random_suffix() {
    static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::array<unsigned char, 10> bytes{};
    std::size_t have = 0;
    while (have < bytes.size()) {
        const ssize_t n = ::getrandom(bytes.data() + have, bytes.size() - have, 0);
        if (n > 0) have += static_cast<std::size_t>(n);
    }
    std::string out;
    for (const unsigned char byte : bytes)
        out.push_back(kLetters[byte % (sizeof kLetters - 1)]);
    return out;
}

Status remove_contents(int dir, const std::string& shown, int depth);

// Removes one entry of `dir`: a directory through a descriptor opened without following links,
// anything else (a symbolic link included) by unlinking the name itself.
Status remove_entry(int dir, const char* name, const std::string& shown, int depth) {
    if (::unlinkat(dir, name, 0) == 0 || errno == ENOENT) return ok_status();
    if (errno != EISDIR && errno != EPERM) {
        return make_error("cannot remove " + shown + "/" + name + ": " + errno_text(errno));
    }
    const std::string path = shown + "/" + name;
    if (depth >= kDeepestTree) return make_error(path + " is nested too deeply to remove");
    Fd child(::openat(dir, name, kDirFlags));
    if (!child.valid()) return make_error("cannot open " + path + ": " + errno_text(errno));
    if (auto emptied = remove_contents(child.get(), path, depth + 1); !emptied) return emptied;
    if (::unlinkat(dir, name, AT_REMOVEDIR) != 0 && errno != ENOENT) {
        return make_error("cannot remove " + path + ": " + errno_text(errno));
    }
    return ok_status();
}

Status remove_contents(int dir, const std::string& shown, int depth) {
    // The stream gets a descriptor of its own: `dir` stays usable for unlinkat.
    const int listing = ::openat(dir, ".", kDirFlags);
    if (listing < 0) return make_error("cannot list " + shown + ": " + errno_text(errno));
    DIR* stream = ::fdopendir(listing);
    if (stream == nullptr) {
        ::close(listing);
        return make_error("cannot list " + shown + ": " + errno_text(errno));
    }
    Status result = ok_status();
    while (const dirent* entry = ::readdir(stream)) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        if (auto removed = remove_entry(dir, entry->d_name, shown, depth); !removed && result) {
            result = removed;
        }
    }
    ::closedir(stream);
    return result;
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.release();
    }
    return *this;
}

Fd::~Fd() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> unfit_private_dir(const struct stat& info, uid_t owner,
                                             const std::string& what) {
    if (!S_ISDIR(info.st_mode)) return what + " is not a directory: refusing to use it";
    if (info.st_uid != owner) {
        return what + " is owned by uid " + std::to_string(info.st_uid) + ", not " +
               owner_name(owner) + ": refusing to use it";
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return what + " has mode " + octal(info.st_mode) +
               ", writable by other users: refusing to use it";
    }
    return std::nullopt;
}

std::optional<std::string> unfit_base_dir(const struct stat& info, uid_t owner,
                                          const std::string& what) {
    if (!S_ISDIR(info.st_mode)) return what + " is not a directory";
    if (info.st_uid != 0 && info.st_uid != owner) {
        return what + " is owned by uid " + std::to_string(info.st_uid) + ", not " +
               owner_name(owner) + ": refusing to use it";
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (info.st_mode & S_ISVTX) == 0) {
        return what + " has mode " + octal(info.st_mode) +
               ": other users could rename what is in it; add the sticky bit (chmod +t)";
    }
    return std::nullopt;
}

std::string tmpdir_parent_path(const std::string& tmpdir, uid_t euid) {
    return tmpdir + "/" + (euid == 0 ? std::string("bramble") : "bramble-" + std::to_string(euid));
}

Result<Fd> open_tmpdir_parent(const std::string& tmpdir) {
    const uid_t me = ::geteuid();
    // The configured folder is the administrator's choice (it may well be /tmp); only what is
    // inside it has to be checked.
    Fd base(::open(tmpdir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!base.valid()) {
        return make_error("cannot open the TMPDIR base " + tmpdir + ": " + errno_text(errno));
    }
    auto base_info = stat_of(base, "the TMPDIR base " + tmpdir);
    if (!base_info) return base_info.error();
    if (auto why = unfit_base_dir(*base_info, me, "the TMPDIR base " + tmpdir)) {
        return make_error(*why);
    }
    const std::string path = tmpdir_parent_path(tmpdir, me);
    const std::string name = path.substr(tmpdir.size() + 1);
    const std::string what = "TMPDIR parent " + path;
    const bool made = ::mkdirat(base.get(), name.c_str(), 0711) == 0;
    if (!made && errno != EEXIST) {
        return make_error("cannot create " + what + ": " + errno_text(errno));
    }
    auto parent = open_dir_at(base.get(), name, what);
    if (!parent) return parent.error();
    // The umask may have taken bits away from a fresh one; one found is checked, never changed.
    if (made && ::fchmod(parent->get(), 0711) != 0) {
        return make_error("cannot set the mode of " + what + ": " + errno_text(errno));
    }
    auto info = stat_of(*parent, what);
    if (!info) return info.error();
    if (auto why = unfit_private_dir(*info, me, what)) return make_error(*why);
    return parent;
}

Result<MadeDir> make_unique_dir(const Fd& parent, const std::string& parent_path,
                                const std::string& prefix) {
    // A name taken means only that the random draw repeated (nobody else can write here).
    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::string name = prefix + "." + random_suffix();
        if (::mkdirat(parent.get(), name.c_str(), 0700) != 0) {
            if (errno == EEXIST) continue;
            return make_error("cannot create " + parent_path + "/" + name + ": " +
                              errno_text(errno));
        }
        auto fd = open_dir_at(parent.get(), name, parent_path + "/" + name);
        if (!fd) return fd.error();
        return MadeDir{name, std::move(*fd)};
    }
    return make_error("cannot find a free name for " + parent_path + "/" + prefix + ".*");
}

Status remove_tree_at(const Fd& parent, const std::string& name, const std::string& shown_path) {
    return remove_entry(parent.get(), name.c_str(), shown_path.substr(0, shown_path.rfind('/')), 0);
}

Status ensure_private_dir(const std::string& path, mode_t mode, const std::string& what) {
    if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
        return make_error("cannot create " + what + " " + path + ": " + errno_text(errno));
    }
    const std::string named = what + " " + path;
    auto dir = open_dir_at(AT_FDCWD, path, named);
    if (!dir) return dir.error();
    auto info = stat_of(*dir, named);
    if (!info) return info.error();
    if (info->st_uid != ::geteuid()) {
        return make_error(named + " is owned by uid " + std::to_string(info->st_uid) + ", not " +
                          owner_name(::geteuid()) + ": refusing to use it");
    }
    if (::fchmod(dir->get(), mode) != 0) {
        return make_error("cannot set the mode of " + named + ": " + errno_text(errno));
    }
    return ok_status();
}

}  // namespace bramble::execd
