// Jobs run as their owner, with real uids: the job's processes and output files belong to the user
// who submitted it, never to root.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

class MultiUser : public ClusterSuite {};

TEST_F(MultiUser, AJobRunsAsItsOwnerAndItsOutputBelongsToThem) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const auto& alice = users->alice;
    auto id =
        cluster().submit({"-cwd", "-N", "whoami", "-b", "y", "/usr/bin/id", "-un"}, "", alice.name);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id));
    const std::string out = cluster().work_dir(alice.name) + "/whoami.o" + std::to_string(id);
    EXPECT_EQ(slurp(out), alice.name + "\n");
    struct stat info {};
    ASSERT_EQ(::stat(out.c_str(), &info), 0) << out;
    EXPECT_EQ(info.st_uid, alice.uid);
}

TEST_F(MultiUser, QstatShowsTheOwnersName) {
    std::string why;
    auto users = test_users(&why);
    if (!users) GTEST_SKIP() << why;
    const std::string gate = work_file("gate");
    auto id = gated_job(gate, {}, users->bob.name);
    ASSERT_NE(id, 0u);
    std::string table = cluster().run("qstat", {"-u", "*"}).out;
    EXPECT_NE(table.find(" " + users->bob.name + " "), std::string::npos) << table;
    touch(gate);
    EXPECT_TRUE(cluster().wait_gone(id));
}

}  // namespace
}  // namespace bramble::test
