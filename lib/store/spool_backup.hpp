// Backups of the spool with SQLite's online backup API: a consistent copy taken while the
// scheduler runs (WAL lets a reader work beside the writer), and a restore that brings a copy back
// without ever handing out again an id that was given after the copy was taken.
#pragma once

#include <string>

#include "model/result.hpp"

namespace bramble::store {

// Copies the spool database at `db_path` to `to` (written under a temporary name, flushed and
// renamed, so `to` is always a whole copy). Works while a scheduler has the spool open.
Status backup_spool(const std::string& db_path, const std::string& to);

// Replaces the spool database at `db_path` with the copy `from`, which must pass SQLite's
// integrity check. Refuses while a scheduler holds the spool. The restored counter is raised past
// the spool's high-water mark, so jobs acknowledged after the copy are lost but their ids are
// never reused. Returns what was restored, for the person who asked.
Result<std::string> restore_spool(const std::string& from, const std::string& db_path);

}  // namespace bramble::store
