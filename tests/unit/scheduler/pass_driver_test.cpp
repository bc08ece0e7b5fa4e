// When the pass runs: once per turn at most, before the turn's commit when the turn asked for it,
// soon (once, however often asked) when no turn is open, and not again after a failed commit until
// the tick.
#include "pass_driver.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace bramble::scheduler {
namespace {

class PassDriverTest : public ::testing::Test {
  protected:
    // Runs what has been posted so far, and what that posts in turn.
    void run_posted() {
        io_.restart();
        io_.poll();
    }

    boost::asio::io_context io_;
    int passes_ = 0;
    PassDriver driver_{io_, [this] { ++passes_; }};
};

TEST_F(PassDriverTest, ManyRequestsOutsideATurnMakeOnePass) {
    driver_.due_soon();
    driver_.due_soon();
    driver_.due_soon();
    EXPECT_EQ(passes_, 0);  // not inside the handler that asked
    run_posted();
    EXPECT_EQ(passes_, 1);
    run_posted();
    EXPECT_EQ(passes_, 1);
}

TEST_F(PassDriverTest, ATurnThatAskedPassesOnceBeforeItsCommit) {
    driver_.due_in_turn();
    driver_.before_commit();
    EXPECT_EQ(passes_, 1);
    driver_.due_in_turn();  // the pass's own events, or a later handler's, in the same turn
    driver_.before_commit();
    EXPECT_EQ(passes_, 1);
    driver_.after_commit(true);
    run_posted();  // what was asked after the turn's pass runs in the next turn
    EXPECT_EQ(passes_, 2);
}

TEST_F(PassDriverTest, ATurnThatDidNotAskHasNoPass) {
    driver_.before_commit();
    driver_.after_commit(true);
    run_posted();
    EXPECT_EQ(passes_, 0);
}

TEST_F(PassDriverTest, AfterAFailedCommitThePassWaitsForTheTick) {
    driver_.due_in_turn();
    driver_.after_commit(false);
    driver_.due_soon();
    run_posted();
    EXPECT_EQ(passes_, 0);
    driver_.tick();
    run_posted();
    EXPECT_EQ(passes_, 1);
    driver_.tick();  // nothing due: a tick alone plans nothing
    run_posted();
    EXPECT_EQ(passes_, 1);
}

}  // namespace
}  // namespace bramble::scheduler
