// Arrays submitted whole: one row for the array instead of one per task. A task gets a row of its
// own in `jobs` when it ends (as every job does); until then a restart makes it from the array's
// row and replays the events recorded under its task id.
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "model/task_id.hpp"
#include "store/event_json.hpp"
#include "store/queries.hpp"
#include "store/spool.hpp"
#include "store/sqlite.hpp"
#include "wire/json_model.hpp"

namespace bramble::store {
namespace {

std::string array_label(JobId array) {
    return "array job " + std::to_string(array);
}

}  // namespace

Status Spool::save_array(const Job& array) {
    const std::string doc = nlohmann::json(array).dump();
    auto* stmt = (*queries_)[Query::SaveArray];
    const StatementUse use(stmt);
    const bool bound = bind_int(stmt, 1, row_of(array.id)) &&
                       bind_text_or_null(stmt, 2, array.token) && bind_text(stmt, 3, doc);
    if (!bound || sqlite3_step(stmt) != SQLITE_DONE) return fail("save " + array_label(array.id));
    return ok_status();
}

Status Spool::replay_arrays(Replayed& replayed) {
    std::vector<Job> arrays;
    {
        auto* stmt = (*queries_)[Query::ActiveArrays];
        const StatementUse use(stmt);
        auto rows = read_jobs(stmt, "load the arrays");
        if (!rows) return rows.error();
        arrays = std::move(*rows);
    }
    for (const auto& array : arrays) {
        std::unordered_set<JobId> ended;
        {
            auto* stmt = (*queries_)[Query::TaskRows];
            const StatementUse use(stmt);
            const std::string action = "load the ended tasks of " + array_label(array.id);
            if (!bind_int(stmt, 1, row_of(task_job_id(array.id, 0))) ||
                !bind_int(stmt, 2, row_of(task_job_id(array.id, kMaxTaskNumber)))) {
                return fail(action);
            }
            int rc = SQLITE_ROW;
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
                ended.insert(static_cast<JobId>(sqlite3_column_int64(stmt, 0)));
            if (rc != SQLITE_DONE) return fail(action);
        }
        std::size_t waiting = 0;
        for (const int task : events::array_tasks(array.spec)) {
            if (ended.contains(task_job_id(array.id, task))) continue;
            auto part = events::array_task(array, task);
            const JobId id = part.id;
            replayed.jobs.emplace(id, std::move(part));
            ++waiting;
        }
        if (waiting == 0) {
            replayed.spent_arrays.push_back(array.id);
            continue;
        }
        if (auto tasks = replay_tasks(array.id, replayed); !tasks) return tasks;
    }
    return ok_status();
}

Status Spool::replay_tasks(JobId array, Replayed& replayed) {
    auto* stmt = (*queries_)[Query::TaskEventsToReplay];
    const StatementUse use(stmt);
    const std::string action = "replay the events of the tasks of " + array_label(array);
    if (!bind_int(stmt, 1, row_of(task_job_id(array, 0))) ||
        !bind_int(stmt, 2, row_of(task_job_id(array, kMaxTaskNumber)))) {
        return fail(action);
    }
    return apply_event_rows(stmt, action, replayed);
}

Status Spool::end_arrays(const std::vector<JobId>& arrays) {
    for (const JobId array : arrays) {
        auto* stmt = (*queries_)[Query::EndArray];
        const StatementUse use(stmt);
        if (!bind_int(stmt, 1, row_of(array)) || sqlite3_step(stmt) != SQLITE_DONE) {
            return fail("mark " + array_label(array) + " as ended");
        }
    }
    return ok_status();
}

}  // namespace bramble::store
