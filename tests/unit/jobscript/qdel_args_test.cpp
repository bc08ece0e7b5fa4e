// qdel's command line.
#include "jobscript/qdel_args.hpp"

#include <gtest/gtest.h>

namespace bramble::jobscript {
namespace {

TEST(QdelArgs, JobsUsersAndForce) {
    auto args = parse_qdel_args({"-f", "12", "13,14", "pi_job", "-u", "pi,ann"});
    ASSERT_TRUE(args.ok()) << args.message();
    EXPECT_EQ(args->jobs, (std::vector<std::string>{"12", "13", "14", "pi_job"}));
    EXPECT_EQ(args->users, (std::vector<std::string>{"pi", "ann"}));
    EXPECT_TRUE(args->force);
}

// Grid Engine's qdel 42 -t 2-50:2: the tasks of the id before it.
TEST(QdelArgs, TasksNarrowTheIdBeforeThem) {
    auto args = parse_qdel_args({"12", "13", "-t", "2-50:2"});
    ASSERT_TRUE(args.ok()) << args.message();
    EXPECT_EQ(args->jobs, (std::vector<std::string>{"12", "13.2-50:2"}));
}

TEST(QdelArgs, Refusals) {
    const struct {
        std::vector<std::string> args;
        const char* error;
    } cases[] = {
        {{}, "no job given (qdel JOB_ID|JOB_NAME ... or qdel -u USER)"},
        {{"-u"}, "option -u: missing a user name"},
        {{"-t", "1-3", "12"},
         "option -t 1-3: give it after the array job's id (qdel 42 -t 2-50:2)"},
        {{"pi_job", "-t", "1-3"},
         "option -t 1-3: give it after the array job's id (qdel 42 -t 2-50:2)"},
        {{"12", "-t"}, "option -t: missing a task range"},
        {{"12", "-t", "1,3"}, "option -t 1,3: a task range is N, N-M or N-M:STEP"},
        {{"-x", "12"}, "unknown option -x"},
    };
    for (const auto& c : cases) {
        auto args = parse_qdel_args(c.args);
        EXPECT_EQ(args ? "accepted" : args.message(), c.error);
    }
    EXPECT_TRUE(parse_qdel_args({"-help"})->help);
}

}  // namespace
}  // namespace bramble::jobscript
