// The spool's SQL, prepared once when the spool opens and reused: the scheduler saves hundreds of
// jobs a second, and preparing costs more than running a small statement.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "model/result.hpp"
#include "store/sqlite.hpp"

namespace bramble::store {

enum class Query : std::size_t {
    Begin,
    Commit,
    Rollback,
    NextJobId,
    SaveJob,
    FindToken,
    ActiveJobs,
    LoadJob,
    JobsNamed,
    LoadEvents,
    SaveNode,
    LoadNodes,
    SaveUsage,
    LoadUsage,
    JobsBetween,
    RecordEvent,
    EventsToReplay,
    FinishedPage,
    DisableNode,
    EnableNode,
    DisabledNodes,
    SaveArray,
    ActiveArrays,
    TaskRows,
    TaskEventsToReplay,
    EndArray,
    Count,
};

class Queries {
  public:
    static Result<Queries> prepare_all(sqlite3* db, const std::string& path);

    [[nodiscard]] sqlite3_stmt* operator[](Query query) const {
        return statements_.at(static_cast<std::size_t>(query)).get();
    }

  private:
    std::array<Statement, static_cast<std::size_t>(Query::Count)> statements_;
};

}  // namespace bramble::store
