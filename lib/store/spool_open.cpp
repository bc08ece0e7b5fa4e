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
    return migrate(db, path);
}

}  // namespace

Result<std::unique_ptr<Spool>> Spool::open(const std::string& path) {
    if (auto created = create_parent(path); !created) return created.error();
    sqlite3* db = nullptr;
    auto opened = open_database(path, db);
    auto queries = opened ? Queries::prepare_all(db, path) : Result<Queries>(opened.error());
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
