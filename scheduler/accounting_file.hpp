// Grid Engine's accounting file, $SGE_ROOT/$SGE_CELL/common/accounting on the head node, for the
// tools that read it themselves. The spool stays the one source of truth: lines are appended only
// for jobs whose end is committed, and what a crash or a failed write left out is appended at the
// next start (Scheduler::catch_up_accounting). The file itself records what it holds, so there is
// no second marker that could disagree with it.
//
// The scheduler runs as root and the path is the config's: the directories are created 0755 and
// opened without following links, one component at a time below sge_root, and refused when
// anyone else could write in them; the file is opened O_APPEND|O_NOFOLLOW and must be a regular
// file.
#pragma once

#include <set>
#include <string>

#include "accounting_line.hpp"
#include "model/result.hpp"

namespace bramble::scheduler {

class AccountingFile {
  public:
    AccountingFile(std::string sge_root, std::string cell);

    // Appends whole lines (each ending in a newline) with one write, creating what is missing.
    Status append(const std::string& lines);

    // The jobs the file accounts for, for the catch-up at start. A torn last line (a crash in
    // the middle of a write) is cut off first, so that its job is written again whole.
    Result<std::set<AccountedJob>> written();

    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string sge_root_;
    std::string cell_;
    std::string path_;  // for messages
};

}  // namespace bramble::scheduler
