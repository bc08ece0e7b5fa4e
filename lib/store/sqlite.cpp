// Thin RAII over the SQLite C API: preparing, binding and error messages.
#include "store/sqlite.hpp"

namespace bramble::store {

Error sqlite_error(sqlite3* db, const std::string& what) {
    return make_error(what + ": " + sqlite3_errmsg(db));
}

Result<Statement> prepare(sqlite3* db, std::string_view sql, const std::string& what) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqlite_error(db, what);
    }
    return Statement(stmt);
}

Status exec(sqlite3* db, const char* sql, const std::string& what) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlite_error(db, what);
    return ok_status();
}

bool bind_int(sqlite3_stmt* stmt, int index, std::int64_t value) {
    return sqlite3_bind_int64(stmt, index, value) == SQLITE_OK;
}

bool bind_text(sqlite3_stmt* stmt, int index, std::string_view text) {
    // A null pointer would bind NULL, not an empty string.
    const char* data = text.data() != nullptr ? text.data() : "";
    // A null destructor is SQLITE_STATIC: SQLite reads the caller's buffer instead of copying it.
    return sqlite3_bind_text64(stmt, index, data, text.size(), nullptr, SQLITE_UTF8) == SQLITE_OK;
}

bool bind_text_or_null(sqlite3_stmt* stmt, int index, std::string_view text) {
    if (text.empty()) return sqlite3_bind_null(stmt, index) == SQLITE_OK;
    return bind_text(stmt, index, text);
}

std::string column_text(sqlite3_stmt* stmt, int column) {
    const auto* text = sqlite3_column_text(stmt, column);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
}

}  // namespace bramble::store
