// Usage decay and the fair-share score.
#include "policy/fair_share.hpp"

#include <gtest/gtest.h>

#include "builders.hpp"

namespace bramble::policy {
namespace {

TEST(Decay, HalvesEveryHalfLife) {
    struct Case {
        double usage;
        std::int64_t elapsed;
        std::int64_t half_life;
        double expected;
    };
    const Case cases[] = {
        {1000, 0, 3600, 1000},                          // no time, no decay
        {1000, 3600, 3600, 500},                        // one half life
        {1000, 7200, 3600, 250},                        // two
        {1000, 1800, 3600, 1000 / 1.4142135623730951},  // half of one: / sqrt(2)
        {1000, 3600, 0, 1000},                          // half life 0: usage never fades
        {1000, -60, 3600, 1000},                        // a clock stepped back changes nothing
        {0, 3600, 3600, 0},
    };
    for (const Case& c : cases) {
        EXPECT_NEAR(decay(c.usage, c.elapsed, c.half_life), c.expected, 1e-9)
            << c.usage << " after " << c.elapsed << "s, half life " << c.half_life;
    }
}

TEST(FairShare, FallsAsUsageGrowsPastTheMean) {
    EXPECT_DOUBLE_EQ(fair_share_score(0, 500), 1.0);      // no past usage
    EXPECT_DOUBLE_EQ(fair_share_score(500, 500), 0.5);    // at the mean
    EXPECT_DOUBLE_EQ(fair_share_score(1000, 500), 0.25);  // twice the mean
    EXPECT_DOUBLE_EQ(fair_share_score(0, 0), 1.0);        // nobody has used anything
    EXPECT_DOUBLE_EQ(fair_share_score(10, 0), 1.0);
}

TEST(FairShare, APlacementChargesItsWalltime) {
    // 4 slots for an hour; without a walltime, 4 slots for the waiting scale.
    PendingJob job = testing::JobBuilder(1).slots(4);
    job.walltime = 3600;
    EXPECT_DOUBLE_EQ(pass_charge(job, 86400), 4.0 * 3600);
    job.walltime = 0;
    EXPECT_DOUBLE_EQ(pass_charge(job, 86400), 4.0 * 86400);
}

}  // namespace
}  // namespace bramble::policy
