// The accounting file's directories and descriptor (see accounting_file.hpp).
#include "accounting_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace bramble::scheduler {
namespace {

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Fd& operator=(Fd&&) = delete;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }

  private:
    int fd_;
};

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
constexpr mode_t kDirMode = 0755;
constexpr mode_t kFileMode = 0644;

std::string errno_text() {
    return std::strerror(errno);
}

// A directory that someone other than the scheduler's user could write in could hold a link or
// a file of theirs in place of ours.
Status check_dir(int fd, const std::string& shown) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return make_error("cannot examine " + shown + ": " + errno_text());
    if (info.st_uid != ::geteuid() || (info.st_mode & 022) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
        return make_error(shown + " is not owned by the scheduler's user or is writable by others" +
                          " (mode " + mode + "): refusing to write the accounting file there");
    }
    return ok_status();
}

// Opens (creating it 0755 if missing) the directory `name` below `at` without following a link.
Result<Fd> open_dir(int at, const std::string& name, const std::string& shown) {
    if (::mkdirat(at, name.c_str(), kDirMode) == 0) {
        Fd made(::openat(at, name.c_str(), kDirFlags));
        if (made.get() < 0) return make_error("cannot open " + shown + ": " + errno_text());
        if (::fchmod(made.get(), kDirMode) != 0)
            return make_error("cannot set the mode of " + shown + ": " + errno_text());
        return made;
    }
    if (errno != EEXIST) return make_error("cannot create " + shown + ": " + errno_text());
    Fd fd(::openat(at, name.c_str(), kDirFlags));
    if (fd.get() < 0) {
        return make_error("cannot open " + shown + " (" + errno_text() +
                          "); it must be a directory, not a symbolic link");
    }
    if (auto ok = check_dir(fd.get(), shown); !ok) return ok.error();
    return fd;
}

}  // namespace

AccountingFile::AccountingFile(std::string sge_root, std::string cell)
    : sge_root_(std::move(sge_root)),
      cell_(std::move(cell)),
      path_(sge_root_ + "/" + cell_ + "/common/accounting") {}

namespace {

// <sge_root>/<cell>/common, each level opened below the one before. sge_root itself is the
// config's path: its parents are the admin's; only its last component must not be a link.
Result<Fd> open_common(const std::string& sge_root, const std::string& cell) {
    auto root = open_dir(AT_FDCWD, sge_root, sge_root);
    if (!root) return root.error();
    auto cell_dir = open_dir(root->get(), cell, sge_root + "/" + cell);
    if (!cell_dir) return cell_dir.error();
    return open_dir(cell_dir->get(), "common", sge_root + "/" + cell + "/common");
}

Result<Fd> open_file(const std::string& sge_root, const std::string& cell, int flags,
                     const std::string& shown) {
    auto common = open_common(sge_root, cell);
    if (!common) return common.error();
    Fd file(::openat(common->get(), "accounting", flags | O_NOFOLLOW | O_CLOEXEC, kFileMode));
    if (file.get() < 0) {
        return make_error("cannot open " + shown + " (" + errno_text() +
                          "); it must be a regular file, not a symbolic link");
    }
    struct stat info {};
    if (::fstat(file.get(), &info) != 0)
        return make_error("cannot examine " + shown + ": " + errno_text());
    if (!S_ISREG(info.st_mode)) return make_error(shown + " is not a regular file: refusing it");
    return file;
}

}  // namespace

Status AccountingFile::append(const std::string& lines) {
    auto file = open_file(sge_root_, cell_, O_WRONLY | O_APPEND | O_CREAT, path_);
    if (!file) return file.error();
    std::size_t done = 0;
    while (done < lines.size()) {
        const ssize_t wrote = ::write(file->get(), lines.data() + done, lines.size() - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return make_error("cannot append to " + path_ + ": " + errno_text());
        done += static_cast<std::size_t>(wrote);
    }
    return ok_status();
}

Result<std::set<AccountedJob>> AccountingFile::written() {
    auto file = open_file(sge_root_, cell_, O_RDWR | O_CREAT, path_);
    if (!file) return file.error();
    std::set<AccountedJob> jobs;
    std::string line;    // read line by line: the file may be large
    off_t offset = 0;    // bytes read so far
    off_t complete = 0;  // where the last whole line ends
    char buffer[1 << 16];
    for (;;) {
        const ssize_t got = ::read(file->get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return make_error("cannot read " + path_ + ": " + errno_text());
        if (got == 0) break;
        for (ssize_t i = 0; i < got; ++i) {
            ++offset;
            if (buffer[i] != '\n') {
                line.push_back(buffer[i]);
                continue;
            }
            if (auto job = accounted_job(line)) jobs.insert(*job);
            line.clear();
            complete = offset;
        }
    }
    if (complete < offset && ::ftruncate(file->get(), complete) != 0)
        return make_error("cannot cut the torn last line of " + path_ + ": " + errno_text());
    return jobs;
}

}  // namespace bramble::scheduler
