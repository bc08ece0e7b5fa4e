// Shared by the spool tests: a spool in a fresh temporary directory, and jobs built in one line.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "store/spool.hpp"
#include "support/temp_dir.hpp"

namespace bramble::store {

// The value of a result the test expects to succeed; a failure ends the test with its message.
template <class T>
T value_of(Result<T> result) {
    if (!result) throw std::runtime_error(result.message());
    return std::move(result).value();
}

inline void must(const Status& status) {
    if (!status) throw std::runtime_error(status.message());
}

inline Job make_job(JobId id, std::string name, JobState state = JobState::Pending,
                    std::string token = "") {
    Job job;
    job.id = id;
    job.spec.name = std::move(name);
    job.spec.args = {"sleep", "60"};
    job.owner = {1000, 1000, "ada", "ada"};
    job.state = state;
    job.submit_time = 1'700'000'000 + static_cast<std::int64_t>(id);
    job.token = std::move(token);
    return job;
}

class SpoolTest : public ::testing::Test {
  protected:
    std::unique_ptr<Spool> open_spool() { return value_of(Spool::open(path)); }

    test::TempDir dir;
    std::string path = dir.file("spool.db");
};

}  // namespace bramble::store
