// The folders root keeps per-job things in: what makes one unfit (and the sentence that says so),
// the TMPDIR parent made or refused, fresh names nobody can guess, and a removal that never
// follows a link.
#include "execd/private_dir.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "support/temp_dir.hpp"

namespace bramble::execd {
namespace {

namespace fs = std::filesystem;

struct stat directory(uid_t owner, mode_t mode) {
    struct stat info {};
    info.st_mode = S_IFDIR | mode;
    info.st_uid = owner;
    return info;
}

TEST(UnfitPrivateDir, OnlyADirectoryOfTheOwnerThatOthersCannotWriteIsFit) {
    const std::string what = "TMPDIR parent /tmp/bramble";
    EXPECT_FALSE(unfit_private_dir(directory(0, 0711), 0, what));
    EXPECT_FALSE(unfit_private_dir(directory(0, 0755), 0, what));
    EXPECT_EQ(unfit_private_dir(directory(1001, 0711), 0, what),
              "TMPDIR parent /tmp/bramble is owned by uid 1001, not root: refusing to use it");
    EXPECT_EQ(unfit_private_dir(directory(0, 0775), 0, what),
              "TMPDIR parent /tmp/bramble has mode 0775, writable by other users: refusing to "
              "use it");
    EXPECT_EQ(unfit_private_dir(directory(0, 01777), 0, what),
              "TMPDIR parent /tmp/bramble has mode 1777, writable by other users: refusing to "
              "use it");
    EXPECT_EQ(unfit_private_dir(directory(0, 0700), 1000, what),
              "TMPDIR parent /tmp/bramble is owned by uid 0, not uid 1000 (the execd's user): "
              "refusing to use it");
    struct stat file = directory(0, 0600);
    file.st_mode = S_IFREG | 0600;
    EXPECT_EQ(unfit_private_dir(file, 0, what),
              "TMPDIR parent /tmp/bramble is not a directory: refusing to use it");
}

TEST(UnfitBaseDir, AWorldWritableBaseNeedsTheStickyBit) {
    const std::string what = "the TMPDIR base /scratch";
    EXPECT_FALSE(unfit_base_dir(directory(0, 01777), 1000, what));
    EXPECT_FALSE(unfit_base_dir(directory(1000, 0700), 1000, what));
    EXPECT_EQ(unfit_base_dir(directory(0, 0777), 0, what),
              "the TMPDIR base /scratch has mode 0777: other users could rename what is in it; "
              "add the sticky bit (chmod +t)");
    EXPECT_EQ(unfit_base_dir(directory(1001, 01777), 0, what),
              "the TMPDIR base /scratch is owned by uid 1001, not root: refusing to use it");
}

TEST(TmpdirParent, RootsIsBrambleAndAnotherUsersIsTheirOwn) {
    EXPECT_EQ(tmpdir_parent_path("/tmp", 0), "/tmp/bramble");
    EXPECT_EQ(tmpdir_parent_path("/scratch", 1000), "/scratch/bramble-1000");
}

class PrivateDirTest : public ::testing::Test {
  protected:
    void SetUp() override { fs::permissions(base(), fs::perms(01777)); }
    std::string base() const { return dir_.path().string(); }
    std::string parent() const { return tmpdir_parent_path(base(), ::geteuid()); }

    test::TempDir dir_;
};

TEST_F(PrivateDirTest, TheParentIsMadeTraversableButNotListable) {
    ::umask(077);
    auto opened = open_tmpdir_parent(base());
    ::umask(022);
    ASSERT_TRUE(opened) << opened.message();
    struct stat info {};
    ASSERT_EQ(::lstat(parent().c_str(), &info), 0);
    EXPECT_TRUE(S_ISDIR(info.st_mode));
    EXPECT_EQ(info.st_mode & 07777, 0711u);
    EXPECT_EQ(info.st_uid, ::geteuid());
}

TEST_F(PrivateDirTest, ALinkOrAWritableParentIsRefused) {
    fs::create_directory(dir_.file("elsewhere"));
    fs::create_directory_symlink(dir_.file("elsewhere"), parent());
    auto linked = open_tmpdir_parent(base());
    ASSERT_FALSE(linked);
    EXPECT_EQ(linked.message(),
              "TMPDIR parent " + parent() + " is a symbolic link: refusing to use it");

    fs::remove(parent());
    fs::create_directory(parent());
    fs::permissions(parent(), fs::perms(0777));
    auto writable = open_tmpdir_parent(base());
    ASSERT_FALSE(writable);
    EXPECT_EQ(writable.message(),
              "TMPDIR parent " + parent() +
                  " has mode 0777, writable by other users: refusing to use it");
}

TEST_F(PrivateDirTest, EachJobGetsAFreshNameNobodyCouldHavePrepared) {
    auto opened = open_tmpdir_parent(base());
    ASSERT_TRUE(opened) << opened.message();
    std::set<std::string> names;
    for (int i = 0; i < 20; ++i) {
        auto made = make_unique_dir(*opened, parent(), "42.1.all.q");
        ASSERT_TRUE(made) << made.message();
        EXPECT_TRUE(made->name.starts_with("42.1.all.q."));
        EXPECT_EQ(made->name.size(), std::string("42.1.all.q.").size() + 10);
        names.insert(made->name);
    }
    EXPECT_EQ(names.size(), 20u);
}

TEST_F(PrivateDirTest, RemovalTakesTheLinksAndLeavesWhatTheyLeadTo) {
    auto opened = open_tmpdir_parent(base());
    ASSERT_TRUE(opened) << opened.message();
    auto made = make_unique_dir(*opened, parent(), "7.1.all.q");
    ASSERT_TRUE(made) << made.message();
    const std::string tmpdir = parent() + "/" + made->name;
    const std::string outside = dir_.file("outside");
    fs::create_directories(outside + "/dir");
    std::ofstream{outside + "/file"} << "keep\n";
    fs::create_directories(tmpdir + "/a/b/c");
    std::ofstream{tmpdir + "/a/b/c/data"} << "scratch\n";
    fs::create_symlink(outside + "/file", tmpdir + "/file");
    fs::create_directory_symlink(outside + "/dir", tmpdir + "/a/dir");
    fs::create_directory_symlink(outside, tmpdir + "/a/b/up");
    if (::geteuid() == 0) fs::permissions(tmpdir + "/a/b", fs::perms(0500));  // root goes through

    auto removed = remove_tree_at(*opened, made->name, tmpdir);
    EXPECT_TRUE(removed) << removed.message();
    EXPECT_FALSE(fs::exists(fs::symlink_status(tmpdir)));
    EXPECT_TRUE(fs::exists(outside + "/file"));
    EXPECT_TRUE(fs::is_directory(outside + "/dir"));
}

TEST_F(PrivateDirTest, APrivateDirOfSomeoneElseIsRefused) {
    const std::string path = dir_.file("job");
    ASSERT_TRUE(ensure_private_dir(path, 0711, "job directory"));
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0711u);
    if (::geteuid() != 0) GTEST_SKIP() << "giving a folder away needs root";
    ASSERT_EQ(::chown(path.c_str(), 4242, 4242), 0);
    auto refused = ensure_private_dir(path, 0711, "job directory");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.message(),
              "job directory " + path + " is owned by uid 4242, not root: refusing to use it");
}

}  // namespace
}  // namespace bramble::execd
