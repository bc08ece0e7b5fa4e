// Array task ranges as Grid Engine reads them (n[-m[:s]]) and prints a range list
// (range_to_dstring: one task alone, two as a pair, more as first-last:step).
#include "model/task_range.hpp"

#include <gtest/gtest.h>

namespace bramble {
namespace {

TEST(TaskRange, ParsesGridEnginesForms) {
    const auto one = parse_task_range("3", 100);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->first, 3);
    EXPECT_EQ(one->last, 3);
    const auto stepped = parse_task_range("2-50:2", 100);
    ASSERT_TRUE(stepped);
    EXPECT_EQ(stepped->first, 2);
    EXPECT_EQ(stepped->last, 50);
    EXPECT_EQ(stepped->step, 2);
    EXPECT_TRUE(stepped->contains(4));
    EXPECT_FALSE(stepped->contains(5));
    EXPECT_FALSE(stepped->contains(52));
    const auto plain = parse_task_range("1-5", 100);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->step, 1);
}

TEST(TaskRange, RefusesWhatIsNotARange) {
    for (const char* text : {"", "0", "-3", "3-", "5-2", "1-5:0", "1:5", "1-5:", "a", "1-2-3",
                             "101", "1-101", "3 ", "1-5:2:1"}) {
        EXPECT_FALSE(parse_task_range(text, 100)) << text;
    }
}

TEST(TaskRange, ListsAsGridEngineDoes) {
    struct Case {
        std::vector<int> tasks;
        int step;
        std::string text;
    };
    const Case cases[] = {
        {{5}, 1, "5"},
        {{4, 7}, 3, "4,7"},               // 1-7:3 less task 1
        {{1, 4, 7}, 3, "1-7:3"},          // the whole of -t 1-7:3
        {{3, 5}, 1, "3,5"},               // 1-5:1's 3-5 less task 4: two runs of one
        {{1, 3, 4, 5, 6}, 1, "1,3-6:1"},  // 1-6:1 less task 2
        {{1, 2, 3, 10, 11, 12}, 1, "1-3:1,10-12:1"},
        {{2, 3}, 1, "2,3"},
        {{}, 1, ""},
    };
    for (const auto& [tasks, step, text] : cases) {
        EXPECT_EQ(task_range_list(tasks, step), text) << text;
    }
}

// What qdel says it deleted: Grid Engine builds the list one task at a time and joins ranges.
TEST(TaskRange, CollectedTasksAreJoinedAsGridEngineDoes) {
    struct Case {
        std::vector<int> tasks;
        std::string text;
    };
    const Case cases[] = {
        {{4}, "4"},
        {{2, 4, 6, 8, 10}, "2-10:2"},
        {{1, 5}, "1,5"},
        {{6, 7, 8, 9, 10}, "6-10:1"},
        {{3, 4, 5, 9}, "3-5:1,9"},
        {{1, 2, 4, 6}, "1,2,4,6"},  // 1-2:1 then 4, 6 joined as 4,6
    };
    for (const auto& [tasks, text] : cases) {
        EXPECT_EQ(collected_range_list(tasks), text) << text;
    }
}

}  // namespace
}  // namespace bramble
