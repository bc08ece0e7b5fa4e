// Staging works on descriptors: the stage is made by root in a world-writable parent, so it is
// opened with O_NOFOLLOW and checked (a directory, ours, writable by us alone) before anything is
// put in it, and every file is written under a temporary name and renamed into place. A lock file
// keeps two test processes (ctest -j) from staging at once.
#include "support/reachable_bin.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <stdexcept>

namespace bramble::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStageParent = "/var/tmp";

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("cannot stage the test binaries: " + what + ": " +
                             std::strerror(errno));
}

// Whether a user who is neither the owner nor in the group can search every folder down to `dir`
// and run what is in it.
bool others_can_reach(const fs::path& dir) {
    for (fs::path p = fs::absolute(dir); !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0) return false;
        if (p == p.root_path()) break;
    }
    return true;
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }

  private:
    int fd_;
};

int open_stage(const std::string& name) {
    const Fd parent(::open(kStageParent, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (parent.get() < 0) fail(std::string("open ") + kStageParent);
    if (::mkdirat(parent.get(), name.c_str(), 0755) != 0 && errno != EEXIST) {
        fail("mkdir " + name);
    }
    const int stage = ::openat(parent.get(), name.c_str(), O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (stage < 0) fail("open " + name);
    struct stat st {};
    if (::fstat(stage, &st) != 0) fail("stat " + name);
    if (st.st_uid != ::geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        ::close(stage);
        errno = EPERM;
        fail(std::string(kStageParent) + "/" + name +
             " belongs to someone else or is writable by others");
    }
    ::fchmod(stage, 0755);
    return stage;
}

bool same_file(int stage, const std::string& name, const struct stat& source) {
    struct stat st {};
    return ::fstatat(stage, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
           st.st_size == source.st_size && st.st_mtim.tv_sec == source.st_mtim.tv_sec &&
           st.st_mtim.tv_nsec == source.st_mtim.tv_nsec;
}

void copy_into(int stage, const std::string& tmp, const fs::path& source, const struct stat& st) {
    const Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    const Fd out(
        ::openat(stage, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0755));
    if (in.get() < 0 || out.get() < 0) fail("copy " + source.string());
    char buffer[1 << 16];
    for (ssize_t n; (n = ::read(in.get(), buffer, sizeof buffer)) != 0;) {
        if (n < 0 || ::write(out.get(), buffer, static_cast<std::size_t>(n)) != n) {
            fail("copy " + source.string());
        }
    }
    const timespec times[2] = {st.st_atim, st.st_mtim};
    ::fchmod(out.get(), st.st_mode & 07755);
    ::futimens(out.get(), times);
}

// Puts `source` into the stage as `name` unless an identical file is already there.
void stage_file(int stage, const fs::path& source) {
    struct stat st {};
    if (::stat(source.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    const std::string name = source.filename().string();
    if (same_file(stage, name, st)) return;
    const std::string tmp = "." + name + "." + std::to_string(::getpid());
    ::unlinkat(stage, tmp.c_str(), 0);
    if (::linkat(AT_FDCWD, source.c_str(), stage, tmp.c_str(), 0) != 0) {
        copy_into(stage, tmp, source, st);
    }
    if (::renameat(stage, tmp.c_str(), stage, name.c_str()) != 0) fail("rename " + name);
}

std::string stage(const std::string& bin_dir) {
    const std::string name =
        "bramble-test-bin." + std::to_string(::geteuid()) + "." +
        std::to_string(std::hash<std::string>{}(fs::absolute(bin_dir).string()));
    const Fd stage_fd(open_stage(name));
    if (::flock(stage_fd.get(), LOCK_EX) != 0) fail("lock " + name);
    for (const auto& entry : fs::directory_iterator(bin_dir))
        stage_file(stage_fd.get(), entry.path());
    return std::string(kStageParent) + "/" + name;
}

}  // namespace

std::string reachable_bin_dir(const std::string& bin_dir) {
    if (::geteuid() != 0 || others_can_reach(bin_dir)) return bin_dir;
    return stage(bin_dir);
}

}  // namespace bramble::test
