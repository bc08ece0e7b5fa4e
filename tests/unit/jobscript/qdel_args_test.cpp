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

TEST(QdelArgs, Refusals) {
    const struct {
        std::vector<std::string> args;
        const char* error;
    } cases[] = {
        {{}, "no job given (qdel JOB_ID|JOB_NAME ... or qdel -u USER)"},
        {{"-u"}, "option -u: missing a user name"},
        {{"12", "-t", "1-3"}, "option -t (array tasks) is not supported yet"},
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
