// Backfill and reservations as a user sees them in qstat -j: a wide job that cannot start now is
// promised a start; a short job that ends before it starts at once; a long one that would push
// it back waits, naming the reserved job. A job without -l h_rt is planned with the queue's
// default walltime.
// Nodes: pi01 and pi02, 1 core each; the queue's default walltime is 10 minutes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/probe_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class Backfill : public ProbeSuite {
  public:
    static void SetUpTestSuite() {
        start(small_nodes(2), "queue_limits: {default_walltime: 10m}\nbackfill: true\n");
    }

  protected:
    // pi01 runs a job without a walltime (so the default's 10 minutes); a job wanting both
    // cores for an hour waits for it with a reservation. Returns the wide job.
    std::uint64_t reserve_both_nodes() {
        auto running = gated("running", {"-q", "all.q@pi01"});
        EXPECT_TRUE(cluster().wait_state(running, "r"));
        auto wide = gated("wide", {"-pe", "mpi", "2", "-l", "h_rt=1:00:00"});
        EXPECT_TRUE(wait_reason(wide, "reserved")) << detail(wide);
        return wide;
    }
};

TEST_F(Backfill, AWideJobThatCannotStartIsReservedTheDefaultWalltimeAhead) {
    auto wide = reserve_both_nodes();
    EXPECT_EQ(cluster().qstat_state(wide), "qw");
    // The job on pi01 asked for no walltime: it is expected to end 10 minutes after it started.
    EXPECT_THAT(detail_value(wide, "scheduling info"),
                ContainsRegex("^needs .*; reserved to start within (9|10)m until "))
        << detail(wide);
    EXPECT_THAT(detail_value(wide, "reserved start"), ContainsRegex("^[0-9/]+ [0-9:]+$"))
        << detail(wide);
}

TEST_F(Backfill, AShortJobStartsBeforeTheReservationALongOneWaitsNamingIt) {
    auto wide = reserve_both_nodes();
    const std::string wide_id = std::to_string(wide);

    // pi02 is free, but two hours there would push the wide job back.
    auto long_job = gated("long", {"-l", "h_rt=2:00:00"});
    EXPECT_TRUE(wait_reason(long_job, "would delay the reservation of job " + wide_id))
        << detail(long_job);
    EXPECT_EQ(cluster().qstat_state(long_job), "qw");

    // Five minutes end before the wide job's start.
    auto short_job = gated("short", {"-l", "h_rt=0:05:00"});
    EXPECT_TRUE(cluster().wait_state(short_job, "r", 10s)) << detail(short_job);
    EXPECT_EQ(cluster().qstat_queue(short_job), "all.q@pi02");
    EXPECT_EQ(cluster().qstat_state(wide), "qw");
    EXPECT_EQ(cluster().qstat_state(long_job), "qw");
    EXPECT_THAT(detail_value(wide, "scheduling info"), HasSubstr("reserved"));
}

}  // namespace
}  // namespace bramble::test
