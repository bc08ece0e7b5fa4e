// The spool's schema and the migrations that build it. PRAGMA user_version counts the migrations a
// file has had; opening a file runs the missing ones and refuses a file from a newer bramble.
#pragma once

#include <sqlite3.h>

#include <string>

#include "model/result.hpp"

namespace bramble::store {

// The schema version this build writes: the number of migrations it knows.
int schema_version();

// Brings the database at `path` (already open as `db`) up to schema_version(), in one transaction.
Status migrate(sqlite3* db, const std::string& path);

}  // namespace bramble::store
