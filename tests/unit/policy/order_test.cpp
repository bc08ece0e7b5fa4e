// Start order: w_p * P + w_f * F + w_w * W, higher first, then earlier submission, then lower id;
// and the order adapting within a pass as users are charged for what they were given.
#include "policy/order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "builders.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;

PendingJob owned_by(PendingJob job, std::string user) {
    job.user = std::move(user);
    return job;
}

// The order jobs are handed out in, charging `charge` slot-seconds to a job's user after each.
std::vector<JobId> ids_in_start_order(const Snapshot& snapshot, std::int64_t now = 0,
                                      double charge = 0) {
    StartQueue queue(snapshot, now);
    std::vector<JobId> ids;
    JobPriority priority;
    while (const auto index = queue.next(priority)) {
        ids.push_back(priority.id);
        EXPECT_EQ(snapshot.pending[*index].id, priority.id);
        queue.charge(snapshot.pending[*index].user, charge);
    }
    return ids;
}

Snapshot of(std::vector<PendingJob> pending) {
    Snapshot snapshot;
    snapshot.pending = std::move(pending);
    return snapshot;
}

struct OrderCase {
    const char* name;
    std::vector<PendingJob> pending;
    std::vector<JobId> expected;
};

TEST(StartOrder, PriorityThenSubmitTimeThenId) {
    const OrderCase cases[] = {
        {"fifo by submit time",
         {JobBuilder(1).submitted(30), JobBuilder(2).submitted(10), JobBuilder(3).submitted(20)},
         {2, 3, 1}},
        {"higher priority jumps the queue",
         {JobBuilder(1).submitted(10), JobBuilder(2).submitted(20).priority(5)},
         {2, 1}},
        {"negative priority goes last",
         {JobBuilder(1).priority(-100), JobBuilder(2), JobBuilder(3)},
         {2, 3, 1}},
        {"same second: lower id first",
         {JobBuilder(9).submitted(5), JobBuilder(7).submitted(5), JobBuilder(8).submitted(5)},
         {7, 8, 9}},
        {"extreme priorities are clamped, not overflowed",
         {JobBuilder(1).priority(-2147483647 - 1), JobBuilder(2).priority(2147483647)},
         {2, 1}},
        {"nothing pending", {}, {}},
    };
    for (const auto& [name, pending, expected] : cases) {
        EXPECT_EQ(ids_in_start_order(of(pending)), expected) << name;
    }
}

TEST(StartOrder, DoesNotDependOnInputOrder) {
    std::vector<PendingJob> pending = {
        JobBuilder(4).priority(1), owned_by(JobBuilder(3).submitted(1), "ann"),
        JobBuilder(2).submitted(1), owned_by(JobBuilder(1).submitted(9), "bob")};
    const auto forward = ids_in_start_order(of(pending), 100, 50);
    std::reverse(pending.begin(), pending.end());
    EXPECT_EQ(ids_in_start_order(of(pending), 100, 50), forward);
}

TEST(StartOrder, NormalisedParts) {
    // P = (p + 1023) / 2047; W = waited / waiting_scale, at most 1.
    EXPECT_DOUBLE_EQ(priority_score(-1023), 0.0);
    EXPECT_DOUBLE_EQ(priority_score(1024), 1.0);
    EXPECT_DOUBLE_EQ(priority_score(0), 1023.0 / 2047.0);
    EXPECT_DOUBLE_EQ(priority_score(5000), 1.0);
    EXPECT_DOUBLE_EQ(waiting_score(100, 100 + 43200, 86400), 0.5);
    EXPECT_DOUBLE_EQ(waiting_score(100, 100 + 3 * 86400, 86400), 1.0);
    EXPECT_DOUBLE_EQ(waiting_score(100, 50, 86400), 0.0);  // the clock stepped back
    EXPECT_DOUBLE_EQ(waiting_score(100, 500, 0), 0.0);
}

TEST(StartOrder, LessUsageGoesFirst) {
    // ann has used 1000 slot-seconds, bob nothing: mean 500, F(ann) = 2^-2 = 0.25, F(bob) = 1.
    // bob's later, lower-priority job (P 0.4993 vs 0.4998, a difference of 0.0005) goes first.
    Snapshot snapshot = of({owned_by(JobBuilder(1).submitted(0), "ann"),
                            owned_by(JobBuilder(2).submitted(5).priority(-1), "bob")});
    snapshot.usage = {{"ann", 1000.0}};
    EXPECT_EQ(ids_in_start_order(snapshot), (std::vector<JobId>{2, 1}));
    snapshot.policy.weight_fair_share = 0;  // without fair share, -p decides
    EXPECT_EQ(ids_in_start_order(snapshot), (std::vector<JobId>{1, 2}));
}

TEST(StartOrder, WaitingOvertakesASmallPriorityDifference) {
    // w_w = 0.1 over a day: job 1 waited 2 days (W = 1, +0.1); job 2 has priority 100 (P higher
    // by 100/2047 = 0.049) but has only just arrived.
    Snapshot snapshot =
        of({JobBuilder(1).submitted(0), JobBuilder(2).submitted(172800).priority(100)});
    EXPECT_EQ(ids_in_start_order(snapshot, 172800), (std::vector<JobId>{1, 2}));
    snapshot.policy.weight_waiting = 0;
    EXPECT_EQ(ids_in_start_order(snapshot, 172800), (std::vector<JobId>{2, 1}));
}

TEST(StartOrder, ChargingWithinThePassAlternatesUsers) {
    // ann submitted first, but each job handed out charges its user: bob is then behind by less.
    const Snapshot snapshot = of({owned_by(JobBuilder(1), "ann"), owned_by(JobBuilder(2), "ann"),
                                  owned_by(JobBuilder(3), "ann"), owned_by(JobBuilder(4), "bob"),
                                  owned_by(JobBuilder(5), "bob")});
    EXPECT_EQ(ids_in_start_order(snapshot, 10, 0), (std::vector<JobId>{1, 2, 3, 4, 5}));
    EXPECT_EQ(ids_in_start_order(snapshot, 10, 100), (std::vector<JobId>{1, 4, 2, 5, 3}));
}

TEST(StartOrder, ReportsEachJobsParts) {
    Snapshot snapshot = of({owned_by(JobBuilder(1).priority(1024).submitted(0), "ann")});
    snapshot.usage = {{"ann", 10.0}};  // the only user is at the mean: F = 0.5
    StartQueue queue(snapshot, 43200);
    JobPriority priority;
    ASSERT_TRUE(queue.next(priority));
    EXPECT_EQ(priority.id, 1U);
    EXPECT_DOUBLE_EQ(priority.priority, 1.0);
    EXPECT_DOUBLE_EQ(priority.fair_share, 0.5);
    EXPECT_DOUBLE_EQ(priority.waiting, 0.5);
    EXPECT_DOUBLE_EQ(priority.total, 1.0 * 1.0 + 1.0 * 0.5 + 0.1 * 0.5);
    EXPECT_FALSE(queue.next(priority));
}

}  // namespace
}  // namespace bramble::policy
