// How many jobs a second the spool saves, grouped 100 to a transaction versus one per transaction.
// Printed for context, never asserted: the figure depends on the disk.
#include <chrono>
#include <cstdio>

#include "spool_fixture.hpp"

namespace bramble::store {
namespace {

double save_jobs_per_second(Spool& spool, JobId first, int count, int per_transaction) {
    const auto start = std::chrono::steady_clock::now();
    for (int done = 0; done < count; done += per_transaction) {
        must(spool.begin());
        for (int i = 0; i < per_transaction; ++i) {
            must(spool.save_job(make_job(first + static_cast<JobId>(done + i), "bench")));
        }
        must(spool.commit());
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return count / took.count();
}

TEST_F(SpoolTest, ThroughputOfGroupedAndSingleCommits) {
    auto spool = open_spool();
    const double grouped = save_jobs_per_second(*spool, 1, 2000, 100);
    const double single = save_jobs_per_second(*spool, 10'001, 200, 1);
    std::printf("spool: %.0f jobs/s in 100-job transactions, %.0f jobs/s one per transaction\n",
                grouped, single);
    EXPECT_EQ(value_of(spool->load_jobs_named("bench")).size(), 2200u);
}

}  // namespace
}  // namespace bramble::store
