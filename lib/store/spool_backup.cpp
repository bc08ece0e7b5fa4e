// The backup API copies page by page under a read transaction, so the copy is one consistent
// state of the database whatever the scheduler commits meanwhile.
#include "store/spool_backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "store/spool_guard.hpp"
#include "store/sqlite.hpp"

namespace bramble::store {
namespace {

struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Result<Db> open_db(const std::string& path, int flags, const std::string& what) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) {
        return make_error(what + " " + path + ": " +
                          (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    return db;
}

Status copy_database(sqlite3* from, sqlite3* to, const std::string& what) {
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (backup == nullptr) return sqlite_error(to, what);
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) return sqlite_error(to, what);
    return ok_status();
}

// fsync of the file and of its directory, so a rename that follows survives a power cut.
Status flush(const std::string& path) {
    for (const std::string& name : {path, std::filesystem::path(path).parent_path().string()}) {
        const int fd = ::open(name.empty() ? "." : name.c_str(), O_RDONLY | O_CLOEXEC);
        const bool synced = fd >= 0 && ::fsync(fd) == 0;
        if (fd >= 0) ::close(fd);
        if (!synced) return make_error("cannot flush " + name + " to disk");
    }
    return ok_status();
}

Result<std::string> one_text(sqlite3* db, const char* sql, const std::string& what) {
    auto statement = prepare(db, sql, what);
    if (!statement) return statement.error();
    if (sqlite3_step(statement->get()) != SQLITE_ROW) return sqlite_error(db, what);
    return column_text(statement->get(), 0);
}

Status check_copy(sqlite3* db, const std::string& path) {
    auto verdict = one_text(db, "PRAGMA quick_check(1)", "cannot check the backup " + path);
    if (!verdict) return verdict.error();
    if (*verdict != "ok") {
        return make_error("the backup " + path +
                          " is damaged (SQLite's integrity check: " + *verdict + ")");
    }
    return ok_status();
}

}  // namespace

Status backup_spool(const std::string& db_path, const std::string& to) {
    auto source = open_db(db_path, SQLITE_OPEN_READONLY, "cannot open the spool");
    if (!source) return source.error();
    const std::string temporary = to + ".tmp";
    (void)std::remove(temporary.c_str());  // a leftover of a copy that died half-way, if any
    auto target =
        open_db(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "cannot create the backup");
    if (!target) return target.error();
    if (auto copied = copy_database(source->get(), target->get(),
                                    "cannot copy the spool " + db_path + " to " + temporary);
        !copied) {
        return copied;
    }
    target->reset();
    if (auto flushed = flush(temporary); !flushed) return flushed;
    std::error_code error;
    std::filesystem::rename(temporary, to, error);
    if (error)
        return make_error("cannot rename " + temporary + " to " + to + ": " + error.message());
    return flush(to);
}

Result<std::string> restore_spool(const std::string& from, const std::string& db_path) {
    auto guard = SpoolGuard::take(db_path);
    if (!guard) return guard.error();
    auto source = open_db(from, SQLITE_OPEN_READONLY, "cannot open the backup");
    if (!source) return source.error();
    if (auto intact = check_copy(source->get(), from); !intact) return intact.error();
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(db_path + suffix);
    auto target =
        open_db(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "cannot create the spool");
    if (!target) return target.error();
    if (auto copied = copy_database(source->get(), target->get(),
                                    "cannot copy the backup " + from + " to " + db_path);
        !copied) {
        return copied.error();
    }
    const std::string what = "cannot raise the job-id counter of the restored spool " + db_path;
    auto kept =
        one_text(target->get(), "SELECT value - 1 FROM meta WHERE key = 'next_job_id'", what);
    if (!kept) return kept.error();
    const std::string raise = "UPDATE meta SET value = max(value, " +
                              std::to_string(guard->mark() + 1) + ") WHERE key = 'next_job_id'";
    if (auto raised = exec(target->get(), raise.c_str(), what); !raised) return raised.error();
    std::string summary =
        "restored the spool " + db_path + " from " + from + ": the jobs it held up to id " + *kept;
    const std::uint64_t first_lost = std::stoull(*kept) + 1;
    if (guard->mark() >= first_lost) {
        const std::string ids = guard->mark() == first_lost
                                    ? "id " + std::to_string(first_lost) + " was"
                                    : "ids " + std::to_string(first_lost) + " to " +
                                          std::to_string(guard->mark()) + " were";
        summary += "; " + ids +
                   " given after the backup: those jobs are lost, and their ids will not be "
                   "given again";
    }
    return summary;
}

}  // namespace bramble::store
