// What keeps a spool from being used twice or used after it lost what it acknowledged: an exclusive
// lock held for the scheduler's life (<db>.lock, with the holder's pid for the message), and a
// high-water mark of the job ids ever handed out (<db>.ids), kept outside SQLite's files. A
// database emptied, replaced by an older copy, or cut off from its -wal file reports fewer ids
// than the mark, and the scheduler refuses to start rather than hand the same ids out again.
#pragma once

#include <cstdint>
#include <string>

#include "model/result.hpp"

namespace bramble::store {

class SpoolGuard {
  public:
    // Takes the lock of the spool database at `db_path`; refuses, naming the holder, when another
    // process has it.
    static Result<SpoolGuard> take(const std::string& db_path);
    ~SpoolGuard();
    SpoolGuard(SpoolGuard&& other) noexcept;
    SpoolGuard& operator=(SpoolGuard&&) = delete;
    SpoolGuard(const SpoolGuard&) = delete;
    SpoolGuard& operator=(const SpoolGuard&) = delete;

    // Compares the highest id the database says it has handed out with the mark; an error saying
    // what was lost and what to do when the database is behind. Raises the mark otherwise.
    Status check(std::uint64_t highest_issued);

    // After a commit: the ids up to `highest_issued` are durable. The mark is written, not
    // flushed: it never runs ahead of the spool, and a power cut can only leave it behind.
    void record(std::uint64_t highest_issued);

    // The highest id ever handed out on this spool, as far as the mark knows.
    [[nodiscard]] std::uint64_t mark() const { return mark_; }

  private:
    SpoolGuard(std::string db_path, int lock_fd, int mark_fd);

    std::string db_path_;
    int lock_fd_ = -1;
    int mark_fd_ = -1;
    std::uint64_t mark_ = 0;
};

}  // namespace bramble::store
