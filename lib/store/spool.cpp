// The spool's operations: jobs, their history, nodes and the job-id counter, each one cached
// statement. Transactions are the caller's: the scheduler groups a whole event-loop turn in one.
#include "store/spool.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "model/task_id.hpp"
#include "store/event_json.hpp"
#include "store/queries.hpp"
#include "store/sqlite.hpp"
#include "wire/json_model.hpp"

namespace bramble::store {
namespace {

std::int64_t as_column(JobId id) {
    return row_of(id);
}

std::string job_label(JobId id) {
    if (is_array_task(id)) {
        return "task " + std::to_string(task_number(id)) + " of job " +
               std::to_string(visible_job_id(id));
    }
    return "job " + std::to_string(id);
}

// Steps a statement that returns no rows. SQLite keeps the reason of a failure for sqlite3_errmsg
// after the reset.
bool run(sqlite3_stmt* stmt) {
    const StatementUse use(stmt);
    return sqlite3_step(stmt) == SQLITE_DONE;
}

}  // namespace

std::int64_t row_of(JobId id) {
    return static_cast<std::int64_t>(id);
}

Status Spool::begin() {
    issued_ = 0;
    return run((*queries_)[Query::Begin]) ? ok_status() : Status(fail("start a transaction"));
}

Status Spool::commit() {
    if (!run((*queries_)[Query::Commit])) return fail("commit a transaction");
    if (guard_) guard_->record(issued_);
    return ok_status();
}

Status Spool::rollback() {
    issued_ = 0;
    return run((*queries_)[Query::Rollback]) ? ok_status()
                                             : Status(fail("roll back a transaction"));
}

Result<JobId> Spool::next_job_id() {
    auto* stmt = (*queries_)[Query::NextJobId];
    const StatementUse use(stmt);
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
        return make_error("the spool " + path_ + " has lost its job-id counter (meta.next_job_id)");
    }
    if (rc != SQLITE_ROW) return fail("take the next job id");
    const auto id = static_cast<JobId>(sqlite3_column_int64(stmt, 0));
    issued_ = std::max(issued_, id);
    return id;
}

Status Spool::save_job(const Job& job) {
    if (job.id == 0) return make_error("cannot save a job without an id in the spool " + path_);
    const std::string doc = nlohmann::json(job).dump();
    const std::string state(to_string(job.state));
    auto* stmt = (*queries_)[Query::SaveJob];
    const StatementUse use(stmt);
    const bool bound = bind_int(stmt, 1, as_column(job.id)) && bind_text(stmt, 2, state) &&
                       bind_text(stmt, 3, job.spec.name) && bind_text(stmt, 4, job.owner.user) &&
                       bind_text_or_null(stmt, 5, job.token) &&
                       bind_int(stmt, 6, job.submit_time) && bind_int(stmt, 7, job.end_time) &&
                       bind_text(stmt, 8, doc);
    if (!bound || sqlite3_step(stmt) != SQLITE_DONE) return fail("save " + job_label(job.id));
    return ok_status();
}

Result<std::optional<JobId>> Spool::find_token(const std::string& token) {
    auto* stmt = (*queries_)[Query::FindToken];
    const StatementUse use(stmt);
    if (!bind_text(stmt, 1, token)) return fail("look up a submission token");
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return std::optional<JobId>();
    if (rc != SQLITE_ROW) return fail("look up a submission token");
    return std::optional<JobId>(static_cast<JobId>(sqlite3_column_int64(stmt, 0)));
}

// Rows of (id, doc), decoded. A row that does not decode is an error naming the job, not a crash.
Result<std::vector<Job>> Spool::read_jobs(sqlite3_stmt* stmt, const std::string& action) {
    std::vector<Job> jobs;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto id = static_cast<JobId>(sqlite3_column_int64(stmt, 0));
        try {
            auto job = nlohmann::json::parse(column_text(stmt, 1)).get<Job>();
            job.id = id;
            jobs.push_back(std::move(job));
        } catch (const nlohmann::json::exception& error) {
            return make_error("cannot read " + job_label(id) + " from the spool " + path_ + ": " +
                              error.what());
        }
    }
    if (rc != SQLITE_DONE) return fail(action);
    return jobs;
}

Result<std::vector<Job>> Spool::load_active_jobs() {
    auto* stmt = (*queries_)[Query::ActiveJobs];
    const StatementUse use(stmt);
    const auto done = to_string(JobState::Done);
    const auto deleted = to_string(JobState::Deleted);
    if (!bind_text(stmt, 1, done) || !bind_text(stmt, 2, deleted))
        return fail("load the active jobs");
    return read_jobs(stmt, "load the active jobs");
}

Result<Spool::Replayed> Spool::replay_active_jobs() {
    auto rows = load_active_jobs();
    if (!rows) return rows.error();
    Replayed replayed;
    for (auto& job : *rows)
        replayed.jobs.emplace(job.id, std::move(job));
    if (auto arrays = replay_arrays(replayed); !arrays) return arrays.error();
    auto* stmt = (*queries_)[Query::EventsToReplay];
    const StatementUse use(stmt);
    const auto done = to_string(JobState::Done);
    const auto deleted = to_string(JobState::Deleted);
    const std::string action = "replay the events of the active jobs";
    if (!bind_text(stmt, 1, done) || !bind_text(stmt, 2, deleted)) return fail(action);
    if (auto applied = apply_event_rows(stmt, action, replayed); !applied) return applied.error();
    return replayed;
}

Status Spool::apply_event_rows(sqlite3_stmt* stmt, const std::string& action, Replayed& replayed) {
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto id = static_cast<JobId>(sqlite3_column_int64(stmt, 0));
        auto event = event_from_document(id, column_text(stmt, 1), column_text(stmt, 2));
        if (!event) return make_error("cannot replay the spool " + path_ + ": " + event.message());
        ++replayed.events;
        if (auto applied = events::apply(replayed.jobs, *event); !applied) {
            replayed.refused.push_back(events::describe(*event) + ": " + applied.message());
        }
    }
    if (rc != SQLITE_DONE) return fail(action);
    return ok_status();
}

Status Spool::record(const events::Event& event, std::int64_t time) {
    if (const auto* submitted = std::get_if<events::Submitted>(&event)) {
        auto saved = events::is_whole_array(*submitted->job) ? save_array(*submitted->job)
                                                             : save_job(*submitted->job);
        if (!saved) return saved;
    }
    const JobId id = events::job_of(event);
    // Bound without a copy: the texts must outlive the step.
    const std::string line = events::describe(event);
    const std::string_view kind = events::kind_of(event);
    const std::string document = event_document(event);
    auto* stmt = (*queries_)[Query::RecordEvent];
    const StatementUse use(stmt);
    const bool bound = bind_int(stmt, 1, as_column(id)) && bind_int(stmt, 2, time) &&
                       bind_text(stmt, 3, line) && bind_text(stmt, 4, kind) &&
                       bind_text(stmt, 5, document);
    if (!bound || sqlite3_step(stmt) != SQLITE_DONE) {
        return fail("record an event of " + job_label(id));
    }
    return ok_status();
}

Result<std::optional<Job>> Spool::load_job(JobId id) {
    auto* stmt = (*queries_)[Query::LoadJob];
    const StatementUse use(stmt);
    if (!bind_int(stmt, 1, as_column(id))) return fail("load " + job_label(id));
    auto jobs = read_jobs(stmt, "load " + job_label(id));
    if (!jobs) return jobs.error();
    if (jobs->empty()) return std::optional<Job>();
    return std::optional<Job>(std::move(jobs->front()));
}

Result<std::vector<Job>> Spool::load_jobs_named(const std::string& name) {
    auto* stmt = (*queries_)[Query::JobsNamed];
    const StatementUse use(stmt);
    const std::string action = "load the jobs named \"" + name + "\"";
    if (!bind_text(stmt, 1, name)) return fail(action);
    return read_jobs(stmt, action);
}

Result<std::vector<Job>> Spool::load_jobs_between(JobId low, JobId high) {
    auto* stmt = (*queries_)[Query::JobsBetween];
    const StatementUse use(stmt);
    const std::string action = "load the jobs from " + job_label(low) + " to " + job_label(high);
    if (!bind_int(stmt, 1, as_column(low)) || !bind_int(stmt, 2, as_column(high))) {
        return fail(action);
    }
    return read_jobs(stmt, action);
}

Result<std::vector<JobEventRecord>> Spool::load_events(JobId id) {
    auto* stmt = (*queries_)[Query::LoadEvents];
    const StatementUse use(stmt);
    const std::string action = "load the history of " + job_label(id);
    if (!bind_int(stmt, 1, as_column(id)) || !bind_int(stmt, 2, as_column(visible_job_id(id)))) {
        return fail(action);
    }
    std::vector<JobEventRecord> events;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        events.push_back({static_cast<JobId>(sqlite3_column_int64(stmt, 0)),
                          sqlite3_column_int64(stmt, 1), column_text(stmt, 2)});
    }
    if (rc != SQLITE_DONE) return fail(action);
    return events;
}

Result<FinishedPage> Spool::load_finished(const FinishedQuery& query, std::int64_t after,
                                          int rows) {
    auto* stmt = (*queries_)[Query::FinishedPage];
    const StatementUse use(stmt);
    const std::string action = "load finished jobs";
    const auto done = to_string(JobState::Done);
    const auto deleted = to_string(JobState::Deleted);
    const bool bound = bind_text(stmt, 1, done) && bind_text(stmt, 2, deleted) &&
                       bind_text(stmt, 3, query.owner) && bind_text(stmt, 4, query.name_glob) &&
                       bind_int(stmt, 5, after) && bind_int(stmt, 6, query.low) &&
                       bind_int(stmt, 7, query.high) && bind_int(stmt, 8, query.also_low) &&
                       bind_int(stmt, 9, query.also_high) && bind_int(stmt, 10, rows);
    if (!bound) return fail(action);
    FinishedPage page;
    int scanned = 0;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        ++scanned;
        const std::int64_t row = sqlite3_column_int64(stmt, 0);
        page.last = row;
        if (sqlite3_column_type(stmt, 1) == SQLITE_NULL) continue;
        const auto id = static_cast<JobId>(row);
        try {
            auto job = nlohmann::json::parse(column_text(stmt, 1)).get<Job>();
            job.id = id;
            page.jobs.push_back(std::move(job));
        } catch (const nlohmann::json::exception& error) {
            return make_error("cannot read " + job_label(id) + " from the spool " + path_ + ": " +
                              error.what());
        }
    }
    if (rc != SQLITE_DONE) return fail(action);
    if (scanned < rows) page.last.reset();
    return page;
}

Status Spool::save_node(const NodeInventory& node) {
    const std::string doc = nlohmann::json(node).dump();
    auto* stmt = (*queries_)[Query::SaveNode];
    const StatementUse use(stmt);
    if (!bind_text(stmt, 1, node.name) || !bind_text(stmt, 2, doc) ||
        sqlite3_step(stmt) != SQLITE_DONE) {
        return fail("save the node " + node.name);
    }
    return ok_status();
}

Result<std::vector<NodeInventory>> Spool::load_nodes() {
    auto* stmt = (*queries_)[Query::LoadNodes];
    const StatementUse use(stmt);
    std::vector<NodeInventory> nodes;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto name = column_text(stmt, 0);
        try {
            nodes.push_back(nlohmann::json::parse(column_text(stmt, 1)).get<NodeInventory>());
        } catch (const nlohmann::json::exception& error) {
            return make_error("cannot read the node " + name + " from the spool " + path_ + ": " +
                              error.what());
        }
    }
    if (rc != SQLITE_DONE) return fail("load the nodes");
    return nodes;
}

Status Spool::disable_node(const std::string& name, const std::string& by, std::int64_t since) {
    auto* stmt = (*queries_)[Query::DisableNode];
    const StatementUse use(stmt);
    if (!bind_text(stmt, 1, name) || !bind_text(stmt, 2, by) ||
        sqlite3_bind_int64(stmt, 3, since) != SQLITE_OK || sqlite3_step(stmt) != SQLITE_DONE) {
        return fail("record that the node " + name + " is disabled");
    }
    return ok_status();
}

Status Spool::enable_node(const std::string& name) {
    auto* stmt = (*queries_)[Query::EnableNode];
    const StatementUse use(stmt);
    if (!bind_text(stmt, 1, name) || sqlite3_step(stmt) != SQLITE_DONE) {
        return fail("record that the node " + name + " is enabled");
    }
    return ok_status();
}

Result<std::vector<std::string>> Spool::load_disabled_nodes() {
    auto* stmt = (*queries_)[Query::DisabledNodes];
    const StatementUse use(stmt);
    std::vector<std::string> names;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        names.push_back(column_text(stmt, 0));
    if (rc != SQLITE_DONE) return fail("load the disabled nodes");
    return names;
}

Status Spool::save_usage(const UsageRecord& usage) {
    auto* stmt = (*queries_)[Query::SaveUsage];
    const StatementUse use(stmt);
    if (!bind_text(stmt, 1, usage.user) || sqlite3_bind_double(stmt, 2, usage.value) != SQLITE_OK ||
        sqlite3_bind_int64(stmt, 3, usage.as_of) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_DONE) {
        return fail("save the usage of " + usage.user);
    }
    return ok_status();
}

Result<std::vector<UsageRecord>> Spool::load_usage() {
    auto* stmt = (*queries_)[Query::LoadUsage];
    const StatementUse use(stmt);
    std::vector<UsageRecord> records;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        records.push_back(
            {column_text(stmt, 0), sqlite3_column_double(stmt, 1), sqlite3_column_int64(stmt, 2)});
    }
    if (rc != SQLITE_DONE) return fail("load the users' past usage");
    return records;
}

}  // namespace bramble::store
