// A spool whose disk is full: what could not be committed did not happen. A qdel that could not be
// saved leaves the job where it was (it used to vanish from qstat and come back after a restart),
// a submission that could not be saved is not queued, and once there is room again the same
// commands work without a restart of the scheduler.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/local_cluster.hpp"
#include "support/process.hpp"

namespace bramble::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Writes zeros into `path` until the file system refuses; returns how many bytes went in.
std::uintmax_t fill(const fs::path& path) {
    std::ofstream out(path, std::ios::binary);
    const std::string block(1 << 16, '\0');
    std::uintmax_t written = 0;
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())).flush())
        written += block.size();
    return written;
}

class FullSpool : public ::testing::Test {
  protected:
    void TearDown() override {
        if (mounted_) ::umount2(spool_.c_str(), MNT_DETACH);
    }

    // Moves the scheduler's spool onto a small file system of its own while it is stopped.
    bool spool_on_small_disk(LocalCluster& cluster) {
        spool_ = cluster.dir() / "spool";
        const fs::path saved = cluster.dir() / "spool.saved";
        bool ok = true;
        ok = cluster.restart_scheduler([&] {
            fs::rename(spool_, saved);
            fs::create_directory(spool_);
            if (::mount("tmpfs", spool_.c_str(), "tmpfs", 0, "size=16m,mode=0700") != 0) {
                ok = false;
                fs::remove(spool_);
                fs::rename(saved, spool_);
                return;
            }
            mounted_ = true;
            for (const auto& entry : fs::directory_iterator(saved))
                fs::copy(entry.path(), spool_ / entry.path().filename());
        }) && ok;
        return ok;
    }

    fs::path spool_;
    bool mounted_ = false;
};

Command tool(const LocalCluster& cluster, const std::string& name,
             const std::vector<std::string>& args) {
    Command command;
    command.argv = {bin_path(name)};
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    // The refusal says "try again"; the tool's patience would only make the test wait.
    command.env =
        environment_with({"BRAMBLE_SOCKET=" + cluster.socket_path(), "BRAMBLE_RETRY_SECONDS=0"});
    command.cwd = cluster.work_dir();
    return command;
}

TEST_F(FullSpool, WhatCouldNotBeSavedDidNotHappenAndTheClusterGoesOnOnceThereIsRoom) {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a small file system needs root";
    LocalCluster cluster(small_nodes(1));
    ASSERT_TRUE(cluster.ready()) << cluster.startup_error();
    // A held job with a large script: deleting it writes its final row, which cannot fit.
    const std::string script = "#!/bin/sh\n#" + std::string(2 << 20, 'x') + "\ntrue\n";
    const auto held = cluster.submit({"-h", "-N", "big"}, script);
    ASSERT_NE(held, 0u);
    if (!spool_on_small_disk(cluster)) GTEST_SKIP() << "cannot mount a tmpfs here";
    ASSERT_EQ(cluster.qstat_state(held), "hqw") << cluster.logs();
    const fs::path filler = spool_ / "filler";
    ASSERT_GT(fill(filler), 0u);

    const ProcessResult deleted = run_command(tool(cluster, "qdel", {std::to_string(held)}));
    EXPECT_NE(deleted.exit_code, 0) << deleted.describe();
    EXPECT_THAT(deleted.out + deleted.err, HasSubstr("could not be saved"));
    EXPECT_EQ(cluster.qstat_state(held), "hqw") << "a deletion that was not saved did not happen";

    Command big = tool(cluster, "qsub", {"-terse", "-N", "second"});
    big.stdin_text = script;
    const ProcessResult refused = run_command(big);
    EXPECT_NE(refused.exit_code, 0) << refused.describe();
    EXPECT_THAT(refused.err, HasSubstr("could not be saved"));
    EXPECT_EQ(cluster.run("qstat", {"-u", "*"}).out.find("second"), std::string::npos)
        << "a submission that was not saved is not queued";

    fs::remove(filler);
    const ProcessResult retried = run_command(tool(cluster, "qdel", {std::to_string(held)}));
    EXPECT_EQ(retried.exit_code, 0) << retried.describe() << cluster.logs();
    EXPECT_TRUE(cluster.wait_gone(held));
    const auto after = cluster.submit({"-b", "y", "-N", "after", "true"});
    ASSERT_NE(after, 0u);
    EXPECT_TRUE(cluster.wait_gone(after)) << "the scheduler plans and runs again";
}

}  // namespace
}  // namespace bramble::test
