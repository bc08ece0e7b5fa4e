// Slot ranges, task ranges, -tc and -hold_jid lists: every Grid Engine form and every refusal.
#include "jobscript/job_shape.hpp"

#include <gtest/gtest.h>

namespace bramble::jobscript {
namespace {

TEST(SlotRange, EveryForm) {
    const struct {
        const char* text;
        SlotRange range;
    } cases[] = {
        {"4", {4, 0}},        {"2-8", {2, 8}},
        {"4-4", {4, 0}},       // a range of one value is a plain count
        {"4-", {4, 4096}},     // no most: capped at the most any job may ask
        {"-8", {1, 8}},        // no least: 1
        {"4096-", {4096, 0}},  // the cap is the least itself
        {"1-1", {1, 0}},
    };
    for (const auto& c : cases) {
        auto range = parse_slot_range(c.text);
        ASSERT_TRUE(range.ok()) << c.text << ": " << range.message();
        EXPECT_EQ(*range, c.range) << c.text;
    }
}

TEST(SlotRange, Refusals) {
    const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"0", "slot count must be a positive integer, got 0"},
        {"5000", "slot count must be at most 4096, got 5000"},
        {"many", "slot count must be a positive integer, got many"},
        {"8-2", "slot range '8-2' runs backwards: the least (8) is more than the most (2)"},
        {"0-4", "slot range '0-4': the least must be a positive integer, got 0"},
        {"2-x", "slot range '2-x': the most must be a positive integer, got x"},
        {"2-5000", "slot range '2-5000': the most must be at most 4096, got 5000"},
        {"-", "slot range '-' needs a number: give N, N-M, N- or -M"},
        {"2--4", "slot range '2--4': the most must be a positive integer, got -4"},
    };
    for (const auto& c : cases)
        EXPECT_EQ(parse_slot_range(c.text).message(), c.error) << c.text;
}

TEST(TaskRange, EveryForm) {
    const struct {
        const char* text;
        TaskRange range;
    } cases[] = {
        {"12", {12, 12, 1}},  // a single number is that one task
        {"1-10", {1, 10, 1}},
        {"1-10:2", {1, 9, 2}},  // 1,3,5,7,9: the last reached is 9, as Grid Engine prints it
        {"1-10:4", {1, 9, 4}},  // 1,5,9
        {"1-9:4", {1, 9, 4}},
        {"-5", {1, 5, 1}},  // Grid Engine's 1-5
        {"1800-2019", {1800, 2019, 1}},
        {"1-1", {1, 1, 1}},
        {"3-7:10", {3, 3, 10}},  // a step past the end leaves the first task alone
    };
    for (const auto& c : cases) {
        auto range = parse_task_range(c.text);
        ASSERT_TRUE(range.ok()) << c.text << ": " << range.message();
        EXPECT_EQ(*range, c.range) << c.text;
    }
}

TEST(TaskRange, Refusals) {
    const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"0-50:10",
         "task range '0-50:10': the first task must be a whole number from 1 to 2147483647, got "
         "'0'"},
        {"5-2", "task range '5-2' runs backwards: the first task (5) is after the last (2)"},
        {"1-10:0",
         "task range '1-10:0': the step must be a whole number from 1 to 2147483647, got '0'"},
        {"1-", "task range '1-' is not N, N-M or N-M:STEP (e.g. 1-100 or 1-100:2)"},
        {"", "task range '' is not N, N-M or N-M:STEP (e.g. 1-100 or 1-100:2)"},
        {"5:2", "task range '5:2' is not N, N-M or N-M:STEP (e.g. 1-100 or 1-100:2)"},
        {"a-b",
         "task range 'a-b': the first task must be a whole number from 1 to 2147483647, got 'a'"},
        {"1-99999999999",
         "task range '1-99999999999': the last task must be a whole number from 1 to 2147483647, "
         "got '99999999999'"},
    };
    for (const auto& c : cases)
        EXPECT_EQ(parse_task_range(c.text).message(), c.error) << c.text;
}

TEST(MaxRunningTasks, PositiveOnly) {
    EXPECT_EQ(*parse_max_running_tasks("5"), 5);
    EXPECT_EQ(parse_max_running_tasks("0").message(),
              "the most tasks running at once must be a positive integer, got '0'");
    EXPECT_EQ(parse_max_running_tasks("x").message(),
              "the most tasks running at once must be a positive integer, got 'x'");
}

TEST(HoldList, IdsNamesAndPatternsAccumulate) {
    std::vector<std::string> holds;
    ASSERT_TRUE(add_hold_list(holds, "41,prep").ok());
    ASSERT_TRUE(add_hold_list(holds, "post*,41").ok());
    EXPECT_EQ(holds, (std::vector<std::string>{"41", "prep", "post*"})) << "repeats are kept once";
}

TEST(HoldList, RefusalsLeaveTheListAlone) {
    std::vector<std::string> holds = {"1"};
    EXPECT_EQ(add_hold_list(holds, "2,,3").message(), "empty job id or name in '2,,3'");
    EXPECT_EQ(add_hold_list(holds, "a b").message(),
              "'a b' is neither a job id nor a job name (names may not contain blanks or any of "
              "/ : @ \\)");
    EXPECT_EQ(add_hold_list(holds, "2,x/y").message(),
              "'x/y' is neither a job id nor a job name (names may not contain blanks or any of "
              "/ : @ \\)");
    EXPECT_EQ(holds, std::vector<std::string>{"1"}) << "nothing of a refused list is added";
}

}  // namespace
}  // namespace bramble::jobscript
