// The spool's SQL in one place, in the order of the Query enum.
#include "store/queries.hpp"

namespace bramble::store {
namespace {

constexpr std::array<const char*, static_cast<std::size_t>(Query::Count)> kSql = {
    // Begin: IMMEDIATE takes the write lock now, so a turn's writes never fail half-way on BUSY.
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
    // NextJobId: never below the largest saved id, even if a row was written with its own id.
    "UPDATE meta SET value = max(CAST(value AS INTEGER),"
    " (SELECT coalesce(max(id), 0) + 1 FROM jobs), (SELECT coalesce(max(id), 0) + 1 FROM arrays))"
    " + 1"
    " WHERE key = 'next_job_id' RETURNING value - 1",
    "INSERT INTO jobs(id, state, name, owner, token, submit_time, end_time, doc)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET"
    " state = excluded.state, name = excluded.name, owner = excluded.owner,"
    " token = excluded.token, submit_time = excluded.submit_time,"
    " end_time = excluded.end_time, doc = excluded.doc",
    "SELECT id FROM jobs WHERE token = ?1 UNION ALL SELECT id FROM arrays WHERE token = ?1",
    "SELECT id, doc FROM jobs WHERE state NOT IN (?1, ?2) ORDER BY id",
    "SELECT id, doc FROM jobs WHERE id = ?1",
    "SELECT id, doc FROM jobs WHERE name = ?1 ORDER BY id",
    // LoadEvents: a task's history begins with its array's submission (?2: the array's id).
    "SELECT id, time, event FROM job_events WHERE id IN (?1, ?2) ORDER BY seq",
    "INSERT INTO nodes(name, doc) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET doc = "
    "excluded.doc",
    "SELECT name, doc FROM nodes ORDER BY name",
    "INSERT INTO usage(user, value, as_of) VALUES (?1, ?2, ?3) ON CONFLICT(user) DO UPDATE SET"
    " value = excluded.value, as_of = excluded.as_of",
    "SELECT user, value, as_of FROM usage ORDER BY user",
    "SELECT id, doc FROM jobs WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    "INSERT INTO job_events(id, time, event, kind, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
    // EventsToReplay: what happened to the active jobs since their rows were written.
    "SELECT e.id, e.kind, e.doc FROM job_events e JOIN jobs j ON j.id = e.id"
    " WHERE j.state NOT IN (?1, ?2) AND e.doc IS NOT NULL AND e.kind <> 'submitted'"
    " ORDER BY e.seq",
    // FinishedPage: a window of rows in id order (bounded by ?10, so one page costs the same
    // whatever the filter); the document only of the finished rows that match.
    "SELECT id, CASE WHEN state IN (?1, ?2) AND (?3 = '' OR owner = ?3)"
    " AND (?4 = '' OR name GLOB ?4) THEN doc END FROM jobs"
    " WHERE id > ?5 AND (id BETWEEN ?6 AND ?7 OR id BETWEEN ?8 AND ?9) ORDER BY id LIMIT ?10",
    "INSERT INTO disabled_nodes(name, by, since) VALUES (?1, ?2, ?3) ON CONFLICT(name) DO NOTHING",
    "DELETE FROM disabled_nodes WHERE name = ?1",
    "SELECT name FROM disabled_nodes ORDER BY name",
    "INSERT INTO arrays(id, token, doc) VALUES (?1, ?2, ?3)",
    "SELECT id, doc FROM arrays WHERE ended = 0 ORDER BY id",
    // TaskRows: the tasks of one array (?1..?2) that have a row, that is, have ended.
    "SELECT id FROM jobs WHERE id BETWEEN ?1 AND ?2",
    // TaskEventsToReplay: what happened to the tasks of one array that have not ended.
    "SELECT e.id, e.kind, e.doc FROM job_events e WHERE e.id BETWEEN ?1 AND ?2"
    " AND e.doc IS NOT NULL AND e.kind <> 'submitted'"
    " AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = e.id) ORDER BY e.seq",
    "UPDATE arrays SET ended = 1 WHERE id = ?1",
};

}  // namespace

Result<Queries> Queries::prepare_all(sqlite3* db, const std::string& path) {
    Queries queries;
    for (std::size_t i = 0; i < kSql.size(); ++i) {
        auto stmt = prepare(db, kSql.at(i), "cannot prepare the queries of the spool " + path);
        if (!stmt) return stmt.error();
        queries.statements_.at(i) = std::move(*stmt);
    }
    return queries;
}

}  // namespace bramble::store
