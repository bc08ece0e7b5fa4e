// How a finished job ended, as qacct reports it: its exit code, or the signal that killed it; and
// qstat -j, which no longer knows it, as Grid Engine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"
#include "support/reference.hpp"

namespace bramble::test {
namespace {

using ::testing::ContainsRegex;

class ExitStatus : public ClusterSuite {
  protected:
    std::uint64_t finished(const std::string& command) {
        auto id = cluster().submit({"-cwd", "-b", "y", "/bin/sh", "-c", command});
        EXPECT_TRUE(id != 0 && cluster().wait_gone(id));
        return id;
    }
    std::string exit_status_after(const std::string& command) {
        return cluster().qacct_value(finished(command), "exit_status");
    }
};

TEST_F(ExitStatus, AnExitCodeIsShown) {
    EXPECT_EQ(exit_status_after("exit 3"), "3");
}

TEST_F(ExitStatus, ASuccessfulJobShowsZero) {
    EXPECT_EQ(exit_status_after("true"), "0");
}

TEST_F(ExitStatus, ADeathBySignalShowsAs128PlusTheSignal) {
    EXPECT_EQ(exit_status_after("kill -KILL $$"), "137                  (Killed)");
}

// Cromwell and Rsge read qstat -j's exit code as "still alive": a finished job is unknown to it.
TEST_F(ExitStatus, QstatJOfAFinishedJobSaysItDoesNotExist) {
    const auto id = finished("exit 3");
    const auto reference = grid_engine_reference("qstat-j-finished.txt");
    ProcessResult r = cluster().run("qstat", {"-j", std::to_string(id)});
    EXPECT_EQ(r.out, reference.out);
    EXPECT_EQ(r.err, "Following jobs do not exist: \n" + std::to_string(id) + "\n");
    EXPECT_EQ(reference.err, "Following jobs do not exist: \n55\n");
    EXPECT_EQ(r.exit_code, reference.exit_code);
}

}  // namespace
}  // namespace bramble::test
