// The lock is flock(2) on a file of its own, so it never meets SQLite's POSIX locks on the
// database, and the kernel drops it when the holder dies: a crashed scheduler leaves no stale lock.
// The mark is a decimal number rewritten in place with pwrite (no fsync: it is written only after
// SQLite's own commit was flushed, so it is never ahead of the database).
#include "store/spool_guard.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

namespace bramble::store {
namespace {

std::string read_all(int fd) {
    std::string text;
    char buffer[64];
    for (off_t at = 0;;) {
        const ssize_t n = ::pread(fd, buffer, sizeof buffer, at);
        if (n <= 0 || text.size() > 1024) break;
        text.append(buffer, static_cast<std::size_t>(n));
        at += n;
    }
    return text;
}

std::uint64_t number_in(const std::string& text) {
    std::uint64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

// Writes `text` as the whole content of `fd`.
void rewrite(int fd, const std::string& text) {
    if (::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size())) {
        [[maybe_unused]] int ignored = ::ftruncate(fd, static_cast<off_t>(text.size()));
    }
}

int open_private(const std::string& path) {
    return ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
}

}  // namespace

Result<SpoolGuard> SpoolGuard::take(const std::string& db_path) {
    const std::string lock_path = db_path + ".lock";
    const int lock_fd = open_private(lock_path);
    if (lock_fd < 0) {
        return make_error("cannot open the spool's lock file " + lock_path + ": " +
                          std::strerror(errno));
    }
    if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
        const std::string holder = read_all(lock_fd);
        ::close(lock_fd);
        return make_error("the spool " + db_path + " is in use by another bramble-scheduler (pid " +
                          std::to_string(number_in(holder)) + ", holding " + lock_path +
                          "): two schedulers on one spool would hand out the same job ids; stop "
                          "that one first, or give this one another --spool");
    }
    rewrite(lock_fd, std::to_string(::getpid()) + "\n");
    const std::string mark_path = db_path + ".ids";
    const int mark_fd = open_private(mark_path);
    if (mark_fd < 0) {
        const std::string why = std::strerror(errno);
        ::close(lock_fd);
        return make_error("cannot open the spool's id mark " + mark_path + ": " + why);
    }
    SpoolGuard guard(db_path, lock_fd, mark_fd);
    guard.mark_ = number_in(read_all(mark_fd));
    return guard;
}

SpoolGuard::SpoolGuard(std::string db_path, int lock_fd, int mark_fd)
    : db_path_(std::move(db_path)), lock_fd_(lock_fd), mark_fd_(mark_fd) {}

SpoolGuard::SpoolGuard(SpoolGuard&& other) noexcept
    : db_path_(std::move(other.db_path_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)),
      mark_fd_(std::exchange(other.mark_fd_, -1)),
      mark_(other.mark_) {}

SpoolGuard::~SpoolGuard() {
    if (mark_fd_ >= 0) ::close(mark_fd_);
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

Status SpoolGuard::check(std::uint64_t highest_issued) {
    if (highest_issued < mark_) {
        return make_error(
            "the spool " + db_path_ +
            " has lost jobs it once acknowledged: it has handed out job "
            "ids up to " +
            std::to_string(highest_issued) + ", but ids up to " + std::to_string(mark_) +
            " were given (" + db_path_ +
            ".ids). The database was "
            "emptied, replaced by an older copy, or separated from its -wal file. Restore it from "
            "a backup (README: \"Backups\"); to start afresh knowingly, remove " +
            db_path_ + ".ids as well");
    }
    record(highest_issued);
    return ok_status();
}

void SpoolGuard::record(std::uint64_t highest_issued) {
    if (highest_issued <= mark_) return;
    mark_ = highest_issued;
    rewrite(mark_fd_, std::to_string(mark_) + "\n");
}

}  // namespace bramble::store
