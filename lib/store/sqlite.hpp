// Thin RAII over the SQLite C API, so the spool's code reads as queries rather than handle
// juggling. Internal to lib/store: nothing outside this folder sees sqlite3 types.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "model/result.hpp"

namespace bramble::store {

// Owns one prepared statement and finalizes it.
class Statement {
  public:
    Statement() = default;
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
    Statement& operator=(Statement&& other) noexcept {
        std::swap(stmt_, other.stmt_);
        return *this;
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    [[nodiscard]] sqlite3_stmt* get() const { return stmt_; }

  private:
    sqlite3_stmt* stmt_ = nullptr;
};

// One use of a cached statement: on the way out it is reset and its bindings cleared, so an idle
// statement never holds a read snapshot (which would stop WAL checkpoints) or a stale parameter.
class StatementUse {
  public:
    explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~StatementUse() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;

  private:
    sqlite3_stmt* stmt_;
};

// The error for a failed step: "<what>: <sqlite's reason>".
Error sqlite_error(sqlite3* db, const std::string& what);

// Prepares `sql` as a long-lived statement; on failure the error says `what` was being done.
Result<Statement> prepare(sqlite3* db, std::string_view sql, const std::string& what);

// Runs SQL that returns no rows (several statements allowed).
Status exec(sqlite3* db, const char* sql, const std::string& what);

// Binding helpers. Text is bound without a copy: the caller keeps it alive until the step is done.
// Each returns false when SQLite refused the value (too big, out of memory).
bool bind_int(sqlite3_stmt* stmt, int index, std::int64_t value);
bool bind_text(sqlite3_stmt* stmt, int index, std::string_view text);
bool bind_text_or_null(sqlite3_stmt* stmt, int index, std::string_view text);  // empty -> NULL

std::string column_text(sqlite3_stmt* stmt, int column);

}  // namespace bramble::store
