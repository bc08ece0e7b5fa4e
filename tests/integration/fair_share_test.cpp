// Fair share as users see it: of two users waiting on a busy node, the one who has used less of
// the cluster lately starts first, even though the other submitted first; qstat -j shows each
// job's fair share part. Node: pi01, one core. Needs root for the two test users.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/probe_suite.hpp"
#include "support/test_users.hpp"

namespace bramble::test {
namespace {

class FairShare : public ProbeSuite {
  public:
    static void SetUpTestSuite() { start({{"pi01", 1, "512M"}}); }

  protected:
    // The fair share part qstat -j shows for a waiting job, or -1 before its first pass.
    static double fair_share_part(std::uint64_t id) {
        const std::string parts = detail_value(id, "prio parts");
        const auto at = parts.find("fair share ");
        return at == std::string::npos ? -1 : std::stod(parts.substr(at + 11));
    }
};

TEST_F(FairShare, TheUserWhoUsedLessStartsFirst) {
    std::string why;
    const auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const std::string alice = users->alice.name;
    const std::string bob = users->bob.name;

    // Alice uses the node for a while: her usage grows while her job runs (usage counts whole
    // seconds, so wait until qstat -j shows at least one).
    auto busy = gated("alice-busy", {}, alice);
    ASSERT_TRUE(cluster().wait_state(busy, "r"));
    ASSERT_TRUE(cluster().wait_until([&] {
        const std::string text = detail(busy);
        return text.find("wallclock=") != std::string::npos &&
               text.find("wallclock=00:00:00") == std::string::npos;
    })) << detail(busy);
    // Then alice queues another job, and after her bob queues his.
    auto alice_next = probe("alice-next", "true", {}, alice);
    auto bob_next = probe("bob-next", "true", {}, bob);
    ASSERT_TRUE(cluster().wait_until([&] { return fair_share_part(bob_next) > 0; }))
        << detail(bob_next);
    EXPECT_GT(fair_share_part(bob_next), fair_share_part(alice_next))
        << detail(alice_next) << detail(bob_next);

    open_gate("alice-busy");
    // Bob's job takes the core first; alice's waits behind it.
    ASSERT_TRUE(cluster().wait_state(bob_next, "r")) << cluster().run("qstat", {"-u", "*"}).out;
    EXPECT_EQ(cluster().qstat_state(alice_next), "qw");
    open_gate("bob-next");
    EXPECT_TRUE(cluster().wait_state(alice_next, "r"));
}

}  // namespace
}  // namespace bramble::test
