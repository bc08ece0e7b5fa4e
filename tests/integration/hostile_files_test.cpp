// What root does on a node with paths a user could prepare: bob plants TMPDIRs, links and loose
// permissions where alice's jobs will run, and none of it is used, followed or reused. Each job's
// TMPDIR is made fresh, under a root-only parent, with a name nobody can guess; the job files on
// the node are root's and the owner's alone. Needs root and the test users.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class HostileFiles : public ClusterSuite {
  public:
    // A node that cannot set a job up rests for node_error_seconds; here 1 s, so that a job the
    // one node cannot set up reaches Eqw after its three tries within seconds.
    static void SetUpTestSuite() { start(small_nodes(1), "node_error_seconds: 1\n"); }

  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        use_test_users();
    }

    static fs::path node() { return cluster().dir() / "nodes" / "pi01"; }
    // The execd's --tmpdir (world-writable and sticky, as /tmp) and root's folder inside it.
    static fs::path node_tmp() { return node() / "tmp"; }
    static fs::path tmpdir_parent() { return node_tmp() / "bramble"; }
    static fs::path job_dir(std::uint64_t id) {
        return node() / "spool" / "active_jobs" / std::to_string(id);
    }

    // Runs a shell command as `user`; its exit status.
    static ProcessResult shell_as(const UserIdentity& user, const std::string& command) {
        Command run;
        run.argv = {"/bin/sh", "-c", command};
        run.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + user.home};
        run.cwd = "/";
        run.user = user;
        return run_command(run);
    }

    // qstat -j of a job still known to qstat (waiting in Eqw).
    static std::string detail(std::uint64_t id) {
        return cluster().run("qstat", {"-j", std::to_string(id)}).out;
    }

    // How a job that has ended exited, from qacct.
    static std::string exit_of(std::uint64_t id) {
        return cluster().qacct_value(id, "exit_status");
    }

    // A job the node could not set up: it waits in Eqw with the reason, and is deleted after the
    // test has read it.
    static std::string refused_setup(std::uint64_t id) {
        EXPECT_TRUE(cluster().wait_state(id, "Eqw")) << cluster().logs();
        const std::string text = detail(id);
        cluster().run("qdel", {std::to_string(id)});
        EXPECT_TRUE(cluster().wait_gone(id));
        return text;
    }

    // A job of bob's that ends at once: the id after it is the next one anybody gets.
    std::uint64_t bobs_last_id() {
        const auto id = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", users_->bob.name);
        EXPECT_TRUE(id != 0 && cluster().wait_gone(id));
        return id;
    }
};

// Bob guesses alice's next TMPDIR by Grid Engine's name (<job>.<task>.<queue> in the tmpdir) and
// tries the folder root makes them in; his `sleep` first on her PATH would have run as her.
TEST_F(HostileFiles, APlantedTmpdirIsNeverUsed) {
    const auto& bob = users_->bob;
    const fs::path marker = node_tmp() / "planted-sleep-ran";
    const std::uint64_t last = bobs_last_id();
    std::string plant;
    for (std::uint64_t id = last + 1; id <= last + 5; ++id) {
        for (const fs::path& base : {node_tmp(), tmpdir_parent()}) {
            const std::string dir = (base / (std::to_string(id) + ".1.all.q")).string();
            plant += "mkdir -p " + dir + " && printf '#!/bin/sh\\ntouch " + marker.string() +
                     "\\n' > " + dir + "/sleep && chmod 755 " + dir + "/sleep; ";
        }
    }
    shell_as(bob, plant);
    EXPECT_NE(shell_as(bob, "mkdir " + (tmpdir_parent() / "bob-was-here").string()).exit_code, 0)
        << "bob may write into root's TMPDIR parent";

    const auto id =
        cluster().submit({"-cwd", "-N", "nap", "-b", "y", "sleep", "2"}, "", users_->alice.name);
    ASSERT_NE(id, 0u);
    ASSERT_LE(id, last + 5) << "bob's guesses did not cover alice's job";
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(exit_of(id), "0");
    EXPECT_FALSE(fs::exists(marker)) << "bob's planted sleep ran in alice's job";
}

// Links bob plants where a TMPDIR or its parent would be must not make root chown or chmod what
// they lead to.
TEST_F(HostileFiles, APlantedLinkDoesNotGiveAwayItsTarget) {
    const auto& bob = users_->bob;
    const fs::path secret = cluster().dir() / "root-only";
    std::ofstream(secret) << "root's\n";
    fs::permissions(secret, fs::perms::owner_read | fs::perms::owner_write);
    const fs::path secret_dir = cluster().dir() / "root-only-dir";
    fs::create_directories(secret_dir);
    fs::permissions(secret_dir, fs::perms::owner_all);
    const std::uint64_t last = bobs_last_id();
    std::string plant;
    for (std::uint64_t id = last + 1; id <= last + 5; ++id) {
        plant += "ln -s " + secret.string() + " " +
                 (node_tmp() / (std::to_string(id) + ".1.all.q")).string() + "; ";
    }
    // As if a cleaner had emptied the tmpdir: bob's link where root's parent was.
    fs::remove_all(tmpdir_parent());
    plant += "ln -s " + secret_dir.string() + " " + tmpdir_parent().string();
    ASSERT_EQ(shell_as(bob, plant).exit_code, 0);

    const auto id = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", users_->alice.name);
    ASSERT_NE(id, 0u);
    EXPECT_THAT(refused_setup(id), HasSubstr("TMPDIR parent " + tmpdir_parent().string() +
                                             " is a symbolic link: refusing to use it"));
    struct stat info {};
    ASSERT_EQ(::stat(secret.c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, 0u);
    EXPECT_EQ(info.st_mode & 07777, 0600u);
    ASSERT_EQ(::stat(secret_dir.c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, 0u);
    EXPECT_EQ(info.st_mode & 07777, 0700u);
    EXPECT_TRUE(fs::is_empty(secret_dir));

    // The link removed, the node makes its parent again and runs the next job.
    fs::remove(tmpdir_parent());
    const auto next = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", users_->alice.name);
    ASSERT_TRUE(next != 0 && cluster().wait_gone(next));
    EXPECT_EQ(exit_of(next), "0");
}

// A parent others may write to, or that someone else owns, is refused with the reason (the job
// waits in Eqw after the node's three tries); once put right, the node runs jobs again.
TEST_F(HostileFiles, AnUnfitTmpdirParentFailsTheJobAndTheNodeCarriesOn) {
    const auto& alice = users_->alice;
    const auto& bob = users_->bob;
    const std::string parent = tmpdir_parent().string();
    const auto first = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", alice.name);
    ASSERT_TRUE(first != 0 && cluster().wait_gone(first));

    ASSERT_EQ(::chmod(parent.c_str(), 0777), 0);
    const auto writable = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", alice.name);
    ASSERT_NE(writable, 0u);
    EXPECT_THAT(refused_setup(writable), HasSubstr("TMPDIR parent " + parent +
                                                   " has mode 0777, writable by other users: "
                                                   "refusing to use it"));

    ASSERT_EQ(::chmod(parent.c_str(), 0711), 0);
    ASSERT_EQ(::chown(parent.c_str(), bob.uid, bob.gid), 0);
    const auto owned = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", alice.name);
    ASSERT_NE(owned, 0u);
    EXPECT_THAT(refused_setup(owned),
                HasSubstr("TMPDIR parent " + parent + " is owned by uid " +
                          std::to_string(bob.uid) + ", not root: refusing to use it"));

    ASSERT_EQ(::chown(parent.c_str(), 0, 0), 0);
    const auto next = cluster().submit({"-cwd", "-b", "y", "/bin/true"}, "", alice.name);
    ASSERT_TRUE(next != 0 && cluster().wait_gone(next));
    EXPECT_EQ(exit_of(next), "0");
}

// The node's copy of a job (its script and environment in job.json) is for root alone; the job
// folder can be passed through, not listed, by anyone else.
TEST_F(HostileFiles, AJobsFilesOnTheNodeAreNotReadableByAnotherUser) {
    const auto& bob = users_->bob;
    const std::string gate = work_file("gate");
    gates_.push_back(gate);
    const std::string script = work_file("secret.sh");
    std::ofstream(script) << "#!/bin/sh\n# alice's secret\n" << wait_for_file_command(gate) << "\n";
    const auto id =
        cluster().submit({"-cwd", "-v", "TOKEN=s3cret", script}, "", users_->alice.name);
    ASSERT_NE(id, 0u);
    gated_jobs_.push_back(id);
    ASSERT_TRUE(cluster().wait_state(id, "r"));
    const std::string dir = job_dir(id).string();
    ASSERT_TRUE(cluster().wait_for_file(dir + "/script"));

    EXPECT_EQ(shell_as(bob, "test -d " + dir).exit_code, 0) << "bob cannot even reach " << dir;
    for (const char* file : {"job.json", "script", "shepherd.log"}) {
        const ProcessResult read = shell_as(bob, "cat " + dir + "/" + file);
        EXPECT_NE(read.exit_code, 0) << "bob read " << file << ": " << read.out;
        EXPECT_EQ(read.out, "");
    }
    EXPECT_NE(shell_as(bob, "ls " + dir).exit_code, 0) << "bob lists alice's job folder";
    EXPECT_NE(shell_as(bob, "ls " + (node() / "spool" / "active_jobs").string()).exit_code, 0);
    struct stat info {};
    ASSERT_EQ(::stat((dir + "/job.json").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600u);
    EXPECT_EQ(info.st_uid, 0u);
    ASSERT_EQ(::stat(dir.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0711u);
    touch(gate);
}

// A job may turn what is in its own TMPDIR into links to root's files; removing the TMPDIR after
// the job removes the links and leaves the files.
TEST_F(HostileFiles, CleaningATmpdirOfLinksLeavesTheirTargets) {
    const fs::path precious = cluster().dir() / "precious";
    std::ofstream(precious) << "keep me\n";
    fs::permissions(precious, fs::perms::owner_read | fs::perms::owner_write);
    const fs::path precious_dir = cluster().dir() / "precious-dir";
    fs::create_directories(precious_dir / "inside");
    const std::string command = "ln -s " + precious.string() + " \"$TMPDIR/file\" && ln -s " +
                                precious_dir.string() +
                                " \"$TMPDIR/dir\" && mkdir \"$TMPDIR/sub\" && ln -s " +
                                precious_dir.string() + " \"$TMPDIR/sub/up\" && echo \"$TMPDIR\"";
    const auto id = cluster().submit({"-cwd", "-N", "links", "-b", "y", "/bin/sh", "-c", command},
                                     "", users_->alice.name);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(cluster().wait_gone(id));
    EXPECT_EQ(exit_of(id), "0");
    std::string tmpdir =
        slurp(cluster().work_dir(users_->alice.name) + "/links.o" + std::to_string(id));
    ASSERT_FALSE(tmpdir.empty());
    tmpdir.pop_back();
    EXPECT_TRUE(cluster().wait_until([&] { return !fs::exists(fs::symlink_status(tmpdir)); }))
        << tmpdir << " is still there after the job";
    EXPECT_EQ(slurp(precious.string()), "keep me\n");
    EXPECT_TRUE(fs::is_directory(precious_dir / "inside"));
}

}  // namespace
}  // namespace bramble::test
