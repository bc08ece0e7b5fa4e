// Directories a root process keeps per-job things in, made so that no user can prepare them.
// Everything here works on directory descriptors: a path is resolved once, checked with fstat,
// and every later step (create, chown, chmod, remove) goes through the descriptor, never through
// a name a user could have swapped for a symbolic link meanwhile.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <optional>
#include <string>

#include "model/result.hpp"

namespace bramble::execd {

// An open file descriptor, closed with its owner.
class Fd {
  public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& other) noexcept : fd_(other.release()) {}
    Fd& operator=(Fd&& other) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd();
    [[nodiscard]] int get() const { return fd_; }
    [[nodiscard]] bool valid() const { return fd_ >= 0; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

  private:
    int fd_ = -1;
};

// Why a directory described by `info` cannot hold what root makes for users: not a directory,
// owned by someone other than `owner`, or writable by its group or others. `what` names it in the
// sentence ("TMPDIR parent /tmp/bramble"). Nothing when it is fit.
std::optional<std::string> unfit_private_dir(const struct stat& info, uid_t owner,
                                             const std::string& what);

// Why a base folder (the configured --tmpdir) would let other users swap what is inside it: owned
// by someone other than root or `owner`, or writable by others without the sticky bit.
std::optional<std::string> unfit_base_dir(const struct stat& info, uid_t owner,
                                          const std::string& what);

// The folder all of a node's TMPDIRs live in: <tmpdir>/bramble as root, <tmpdir>/bramble-<uid>
// for an execd without root (its jobs are its own user's, and two such users must not collide).
std::string tmpdir_parent_path(const std::string& tmpdir, uid_t euid);

// Opens the TMPDIR parent below `tmpdir`, creating it (mode 0711: users reach their own TMPDIR
// but cannot list the others) when absent. Refuses, with a sentence, a base folder others could
// swap things in and a parent that is a link, not this process's user's, or writable by others.
Result<Fd> open_tmpdir_parent(const std::string& tmpdir);

// Creates `prefix`.<random> below `parent` (mode 0700, this process's user), opened without
// following links. Returns the name made.
struct MadeDir {
    std::string name;
    Fd fd;
};
Result<MadeDir> make_unique_dir(const Fd& parent, const std::string& parent_path,
                                const std::string& prefix);

// Removes `name` below `parent` and everything in it. Symbolic links are removed, never followed;
// a directory is entered only through a descriptor opened with O_NOFOLLOW, so a job that swaps
// things in its own TMPDIR cannot steer the removal outside it.
Status remove_tree_at(const Fd& parent, const std::string& name, const std::string& shown_path);

// Makes `path` (one level, its parent must exist) a directory of this process's user with
// exactly `mode`, refusing a link or a directory of someone else in its place.
Status ensure_private_dir(const std::string& path, mode_t mode, const std::string& what);

}  // namespace bramble::execd
