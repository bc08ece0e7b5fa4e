// The scheduler's durable state in one SQLite file (WAL). Every job and every change of its state
// is written here before anybody is told about it. Changes are grouped: the scheduler opens one
// transaction per event-loop turn, applies all its changes, and commits once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/job.hpp"
#include "model/job_events.hpp"
#include "model/node.hpp"
#include "model/result.hpp"
#include "store/spool_guard.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace bramble::store {

class Queries;

// One line of a job's history (qstat -j shows them).
struct JobEventRecord {
    JobId id = 0;
    std::int64_t time = 0;
    std::string event;  // "submitted", "dispatched to pi01", "finished: exit 0", ...
};

// One user's past usage for fair share: slot-seconds, decayed to `as_of`.
struct UsageRecord {
    std::string user;
    double value = 0;
    std::int64_t as_of = 0;
};

// Which finished jobs (done or deleted) qacct asks for: rows in either range of spool row ids
// (row_of), of `owner` and with a name matching the wildcard `name_glob` (empty: any).
struct FinishedQuery {
    std::int64_t low = 0;
    std::int64_t high = -1;
    std::int64_t also_low = 0;
    std::int64_t also_high = -1;
    std::string owner;
    std::string name_glob;
};

// One window of at most `rows` rows read: the matching finished jobs, and the row it ended on
// (pass it as `after` for the next window; nullopt when there is no more).
struct FinishedPage {
    std::vector<Job> jobs;
    std::optional<std::int64_t> last;
};

// A job's row id in the spool: its id as SQLite's signed integer (array tasks are negative).
std::int64_t row_of(JobId id);

class Spool {
  public:
    // Opens (creating if needed) the spool database at `path`, applies migrations, turns on WAL.
    // Refuses a spool another process has open, one that fails SQLite's integrity check, and one
    // that has lost job ids it once handed out (spool_guard.hpp).
    static Result<std::unique_ptr<Spool>> open(const std::string& path);
    // Opens an existing spool to read while its scheduler has it open (WAL lets a reader work
    // beside the writer): no lock, no migration, no writes.
    static Result<std::unique_ptr<Spool>> open_read_only(const std::string& path);
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    Status begin();
    Status commit();
    Status rollback();

    // The next job id (ids start at 1 and are never reused, also across restarts).
    Result<JobId> next_job_id();

    // Inserts or replaces the whole job row.
    Status save_job(const Job& job);

    // The job a submission token created, if any.
    Result<std::optional<JobId>> find_token(const std::string& token);

    // Jobs whose rows are still queued or on a node (not Done / Deleted), as the rows hold them:
    // as submitted, or as an older bramble last wrote them.
    Result<std::vector<Job>> load_active_jobs();

    // The state to restore at start: the active jobs' rows with every stored event since applied
    // by events::apply, in the order they were recorded.
    struct Replayed {
        events::ActiveJobs jobs;
        std::size_t events = 0;
        std::vector<std::string> refused;  // events that did not apply, for the log
        // Arrays submitted whole whose every task has ended: end_arrays() stops reading them.
        std::vector<JobId> spent_arrays;
    };
    // Reads only: a reader beside the scheduler may replay too.
    Result<Replayed> replay_active_jobs();
    // Arrays a replay found spent are not read by the next one.
    Status end_arrays(const std::vector<JobId>& arrays);

    // Writes `event` in the open transaction: its line for people, its kind and its fields, and
    // for a submission the job's row. (A job that ends is saved with save_job by the caller.)
    Status record(const events::Event& event, std::int64_t time);

    // Any job, finished ones included (qstat -j, qacct -j). By id, or every job with that name.
    Result<std::optional<Job>> load_job(JobId id);
    Result<std::vector<Job>> load_jobs_named(const std::string& name);
    // Jobs with ids from `low` to `high`, both included (the tasks of an array job).
    Result<std::vector<Job>> load_jobs_between(JobId low, JobId high);

    Result<std::vector<JobEventRecord>> load_events(JobId id);

    // qacct: the finished jobs of `query` among the `rows` rows after row `after`, in row order.
    Result<FinishedPage> load_finished(const FinishedQuery& query, std::int64_t after, int rows);

    // Nodes that have ever registered, so qhost can show a node that is down after a restart.
    Status save_node(const NodeInventory& node);
    Result<std::vector<NodeInventory>> load_nodes();

    // Nodes a manager disabled (qmod -d): `by` who, `since` when (epoch seconds). Disabling a
    // disabled node keeps its first record; enabling removes it.
    Status disable_node(const std::string& name, const std::string& by, std::int64_t since);
    Status enable_node(const std::string& name);
    Result<std::vector<std::string>> load_disabled_nodes();

    Status save_usage(const UsageRecord& usage);
    Result<std::vector<UsageRecord>> load_usage();

  private:
    explicit Spool(sqlite3* db);
    static Result<std::unique_ptr<Spool>> with_queries(sqlite3* db, const std::string& path);
    // "cannot <action> in the spool <path>: <SQLite's reason>"
    [[nodiscard]] Error fail(const std::string& action) const;
    Result<std::vector<Job>> read_jobs(sqlite3_stmt* stmt, const std::string& action);
    // spool_arrays.cpp: a whole array's row, and its tasks that have not ended made from it.
    Status save_array(const Job& array);
    Status replay_arrays(Replayed& replayed);
    Status replay_tasks(JobId array, Replayed& replayed);
    // Applies the (id, kind, document) event rows `stmt` yields to the replayed jobs.
    Status apply_event_rows(sqlite3_stmt* stmt, const std::string& action, Replayed& replayed);

    sqlite3* db_;
    std::string path_;
    std::unique_ptr<Queries> queries_;  // prepared once at open
    std::unique_ptr<SpoolGuard> guard_;
    JobId issued_ = 0;  // the highest id next_job_id() gave in the open transaction
};

}  // namespace bramble::store
