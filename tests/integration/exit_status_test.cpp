// How a finished job ended, as qstat -j reports it: its exit code, or the signal that killed it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;

class ExitStatus : public ClusterSuite {
  protected:
    std::string detail_after(const std::string& command) {
        auto id = cluster().submit({"-cwd", "-b", "y", "/bin/sh", "-c", command});
        EXPECT_TRUE(id != 0 && cluster().wait_gone(id));
        ProcessResult r = cluster().run("qstat", {"-j", std::to_string(id)});
        EXPECT_EQ(r.exit_code, 0) << "qstat -j must still know a finished job\n" << r.describe();
        return r.out;
    }
};

TEST_F(ExitStatus, AnExitCodeIsShown) {
    EXPECT_THAT(detail_after("exit 3"), ContainsRegex("exit_status: +3\n"));
}

TEST_F(ExitStatus, ASuccessfulJobShowsZero) {
    EXPECT_THAT(detail_after("true"), ContainsRegex("exit_status: +0\n"));
}

TEST_F(ExitStatus, ADeathBySignalShowsAs128PlusTheSignal) {
    std::string detail = detail_after("kill -KILL $$");
    EXPECT_THAT(detail, ContainsRegex("exit_status: +137"));
}

}  // namespace
}  // namespace bramble::test
