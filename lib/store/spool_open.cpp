// Opening and closing the spool: the file, its durability settings, its schema, its statements.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "store/queries.hpp"
#include "store/schema.hpp"
#include "store/spool.hpp"
#include "store/sqlite.hpp"

namespace bramble::store {
namespace {

constexpr int kBusyTimeoutMs = 5000;

Status create_parent(const std::string& path) {
    const auto parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) return ok_status();
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
        return make_error("cannot create the directory " + parent.string() + " for the spool " +
                          path + ": " + error.message());
    }
    return ok_status();
}

// The spool holds users' scripts and environments, so only its owner may read it. SQLite gives the
// -wal and -shm files the main file's mode. Creating it ourselves is best effort: if it fails,
// SQLite's own open fails next and says why.
void create_private_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
}

// WAL lets readers work beside the writer; synchronous=FULL makes a commit durable before the
// scheduler acknowledges anything ("acknowledged means durable").
Status configure(sqlite3* db, const std::string& path) {
    const std::string what = "cannot open the spool " + path;
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // The first statement reads the file, so a file that is not a database fails here.
    auto mode = prepare(db, "PRAGMA journal_mode = WAL", what);
    if (!mode) return mode.error();
    if (sqlite3_step(mode->get()) != SQLITE_ROW) return sqlite_error(db, what);
    const auto chosen = column_text(mode->get(), 0);
    if (chosen != "wal") {
        return make_error(what + ": the file system refused write-ahead logging (journal mode " +
                          chosen + ")");
    }
    return exec(db, "PRAGMA synchronous = FULL", what);
}

// SQLite's own check of every page. A damaged file is refused at start with what to do, rather than
// failing later on the first query that meets the bad page.
Status check_integrity(sqlite3* db, const std::string& path) {
    auto check = prepare(db, "PRAGMA quick_check(1)", "cannot check the spool " + path);
    if (!check) return check.error();
    const int rc = sqlite3_step(check->get());
    if (rc != SQLITE_ROW) return sqlite_error(db, "the spool " + path + " is damaged");
    const std::string verdict = column_text(check->get(), 0);
    if (verdict == "ok") return ok_status();
    return make_error("the spool " + path + " is damaged (SQLite's integrity check: " + verdict +
                      "); restore it from a backup (README: \"Backups\")");
}

// The highest job id the database has ever handed out.
Result<std::uint64_t> highest_issued(sqlite3* db, const std::string& path) {
    const std::string what = "cannot read the job-id counter of the spool " + path;
    auto counter = prepare(db, "SELECT value FROM meta WHERE key = 'next_job_id'", what);
    if (!counter) return counter.error();
    if (sqlite3_step(counter->get()) != SQLITE_ROW) return sqlite_error(db, what);
    const auto next = sqlite3_column_int64(counter->get(), 0);
    return next > 1 ? static_cast<std::uint64_t>(next - 1) : 0;
}

Status open_database(const std::string& path, sqlite3*& db) {
    create_private_file(path);
    const int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        // Without a handle SQLite can only say that memory ran out.
        return make_error("cannot open the spool " + path + ": " +
                          (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    }
    if (auto configured = configure(db, path); !configured) return configured;
    if (auto intact = check_integrity(db, path); !intact) return intact;
    return migrate(db, path);
}

}  // namespace

Result<std::unique_ptr<Spool>> Spool::open(const std::string& path) {
    if (auto created = create_parent(path); !created) return created.error();
    auto guard = SpoolGuard::take(path);
    if (!guard) return guard.error();
    sqlite3* db = nullptr;
    auto opened = open_database(path, db);
    auto issued = opened ? highest_issued(db, path) : Result<std::uint64_t>(opened.error());
    auto guarded = issued ? guard->check(*issued) : Status(issued.error());
    if (!guarded) {
        sqlite3_close_v2(db);
        return guarded.error();
    }
    auto spool = with_queries(db, path);
    if (spool) (*spool)->guard_ = std::make_unique<SpoolGuard>(std::move(*guard));
    return spool;
}

Result<std::unique_ptr<Spool>> Spool::open_read_only(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        return make_error("cannot open the spool " + path + " to read: " + why);
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return with_queries(db, path);
}

// The spool on an open handle, its statements prepared; the handle is closed when that fails.
Result<std::unique_ptr<Spool>> Spool::with_queries(sqlite3* db, const std::string& path) {
    auto queries = Queries::prepare_all(db, path);
    if (!queries) {
        sqlite3_close_v2(db);
        return queries.error();
    }
    std::unique_ptr<Spool> spool(new Spool(db));
    spool->path_ = path;
    spool->queries_ = std::make_unique<Queries>(std::move(*queries));
    return spool;
}

Spool::Spool(sqlite3* db) : db_(db) {}

// Closing with a transaction open rolls it back: only committed changes survive.
Spool::~Spool() {
    queries_.reset();
    sqlite3_close_v2(db_);
}

Error Spool::fail(const std::string& action) const {
    return sqlite_error(db_, "cannot " + action + " in the spool " + path_);
}

}  // namespace bramble::store
