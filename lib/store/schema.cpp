// The spool's schema as a list of migrations. Never edit a migration that has shipped: append one.
#include "store/schema.hpp"

#include <array>

#include "store/sqlite.hpp"

namespace bramble::store {
namespace {

// jobs keeps the whole Job as JSON in `doc`; the other columns exist to be indexed or read without
// decoding. The token is NULL for submissions that carried none, so UNIQUE only binds real tokens.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    token TEXT UNIQUE,
    submit_time INTEGER NOT NULL,
    end_time INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX jobs_state ON jobs(state);
CREATE INDEX jobs_name ON jobs(name);
CREATE TABLE job_events (
    seq INTEGER PRIMARY KEY,
    id INTEGER NOT NULL,
    time INTEGER NOT NULL,
    event TEXT NOT NULL
);
CREATE INDEX job_events_id ON job_events(id, seq);
CREATE TABLE nodes (
    name TEXT PRIMARY KEY,
    doc TEXT NOT NULL
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value
);
INSERT INTO meta(key, value) VALUES ('next_job_id', 1);
)sql";

// Fair share's memory: each user's past usage in slot-seconds, decayed to `as_of` (epoch seconds).
constexpr const char* kVersion2 = R"sql(
CREATE TABLE usage (
    user TEXT PRIMARY KEY,
    value REAL NOT NULL,
    as_of INTEGER NOT NULL
);
)sql";

// Job events become typed: each keeps its kind and its fields (store/event_json.hpp) beside the
// line for people, and a restart replays them onto the rows written at submission. Older events
// have neither; the rows they changed were rewritten with every event, so nothing needs replaying.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE job_events ADD COLUMN kind TEXT;
ALTER TABLE job_events ADD COLUMN doc TEXT;
)sql";

// Nodes a manager disabled (qmod -d): nothing new starts there until qmod -e, across restarts too.
// Kept apart from `nodes`, whose row each registration of the node's execd rewrites.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE disabled_nodes (
    name TEXT PRIMARY KEY,
    by TEXT NOT NULL,
    since INTEGER NOT NULL
);
)sql";

// Arrays submitted whole: one row for all their tasks (the array's job, its task range in the
// spec), written with the one `submitted` event. A task gets a row in `jobs` when it ends; until
// then a restart makes it from this row and replays its events. `ended`: every task has its row.
constexpr const char* kVersion5 = R"sql(
CREATE TABLE arrays (
    id INTEGER PRIMARY KEY,
    token TEXT UNIQUE,
    ended INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL
);
)sql";

constexpr std::array kMigrations = {kVersion1, kVersion2, kVersion3, kVersion4, kVersion5};

Result<int> read_version(sqlite3* db, const std::string& path) {
    auto stmt = prepare(db, "PRAGMA user_version", "cannot read the schema version of " + path);
    if (!stmt) return stmt.error();
    if (sqlite3_step(stmt->get()) != SQLITE_ROW) {
        return sqlite_error(db, "cannot read the schema version of " + path);
    }
    return sqlite3_column_int(stmt->get(), 0);
}

Status apply_missing(sqlite3* db, const std::string& path, int from) {
    if (from == schema_version()) return ok_status();
    for (int version = from; version < schema_version(); ++version) {
        const std::string what = "cannot upgrade the spool " + path + " to schema version " +
                                 std::to_string(version + 1);
        if (auto done = exec(db, kMigrations.at(static_cast<std::size_t>(version)), what); !done) {
            return done;
        }
    }
    const std::string set_version = "PRAGMA user_version = " + std::to_string(schema_version());
    return exec(db, set_version.c_str(), "cannot record the schema version of " + path);
}

}  // namespace

int schema_version() {
    return static_cast<int>(kMigrations.size());
}

Status migrate(sqlite3* db, const std::string& path) {
    // IMMEDIATE takes the write lock before reading the version, so two processes opening a new
    // file at once cannot both run the migrations.
    if (auto begun = exec(db, "BEGIN IMMEDIATE", "cannot open the spool " + path); !begun) {
        return begun;
    }
    auto version = read_version(db, path);
    Status applied = version ? ok_status() : Status(version.error());
    if (version && *version > schema_version()) {
        applied = make_error("the spool " + path + " has schema version " +
                             std::to_string(*version) + ", newer than this bramble understands (" +
                             std::to_string(schema_version()) +
                             "); run a newer bramble-scheduler or move the spool aside");
    } else if (version) {
        applied = apply_missing(db, path, *version);
    }
    if (!applied) {
        static_cast<void>(exec(db, "ROLLBACK", ""));
        return applied;
    }
    return exec(db, "COMMIT", "cannot commit the schema of the spool " + path);
}

}  // namespace bramble::store
