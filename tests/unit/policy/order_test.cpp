// Start order: higher priority first, then earlier submission, then lower id.
#include "policy/order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "builders.hpp"

namespace bramble::policy {
namespace {

using testing::JobBuilder;

std::vector<JobId> ids_in_start_order(const std::vector<PendingJob>& pending) {
    std::vector<JobId> ids;
    for (const std::size_t index : start_order(pending))
        ids.push_back(pending[index].id);
    return ids;
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
        {"extreme priorities do not overflow",
         {JobBuilder(1).priority(-2147483647 - 1), JobBuilder(2).priority(2147483647)},
         {2, 1}},
        {"nothing pending", {}, {}},
    };
    for (const auto& [name, pending, expected] : cases) {
        EXPECT_EQ(ids_in_start_order(pending), expected) << name;
    }
}

TEST(StartOrder, DoesNotDependOnInputOrder) {
    std::vector<PendingJob> pending = {JobBuilder(4).priority(1), JobBuilder(3).submitted(1),
                                       JobBuilder(2).submitted(1), JobBuilder(1).submitted(9)};
    const auto forward = ids_in_start_order(pending);
    std::reverse(pending.begin(), pending.end());
    EXPECT_EQ(ids_in_start_order(pending), forward);
    EXPECT_EQ(forward, (std::vector<JobId>{4, 2, 3, 1}));
}

}  // namespace
}  // namespace bramble::policy
