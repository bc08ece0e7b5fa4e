// The key file's rules: a daemon refuses a key that others could read, or that is no key at all.
#include "auth/cluster_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "support/cluster_key_file.hpp"
#include "support/temp_dir.hpp"

namespace bramble::auth {
namespace {

TEST(ClusterKey, APrivateKeyFileLoads) {
    test::TempDir dir;
    const std::string path = test::write_cluster_key(dir.path() / "cluster.key");
    EXPECT_TRUE(ClusterKey::load(path).ok());
}

TEST(ClusterKey, AKeyOthersCanReadIsRefusedWithTheFix) {
    test::TempDir dir;
    const std::string path = test::write_cluster_key(dir.path() / "cluster.key");
    ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
    auto key = ClusterKey::load(path);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.message(), "the cluster key " + path +
                                 " has mode 0640: other users could read it and speak as a "
                                 "daemon; chmod 600 it");
}

TEST(ClusterKey, AMissingOrTooShortKeyIsRefusedNamingTheFile) {
    test::TempDir dir;
    const std::string missing = (dir.path() / "none.key").string();
    auto absent = ClusterKey::load(missing);
    ASSERT_FALSE(absent.ok());
    EXPECT_EQ(absent.message(),
              "cannot read the cluster key " + missing + ": No such file or directory");

    const std::string short_key = (dir.path() / "short.key").string();
    std::ofstream(short_key) << "secret";
    ASSERT_EQ(::chmod(short_key.c_str(), 0600), 0);
    auto too_short = ClusterKey::load(short_key);
    ASSERT_FALSE(too_short.ok());
    EXPECT_EQ(too_short.message(), "the cluster key " + short_key +
                                       " holds 6 bytes; a key is 16 to 4096 bytes (head -c 32 "
                                       "/dev/urandom makes one)");
}

TEST(ClusterKey, ADirectoryIsNoKey) {
    test::TempDir dir;
    auto key = ClusterKey::load(dir.path().string());
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.message(),
              "the cluster key " + dir.path().string() + " is a directory, not a regular file");
}

// A FIFO with no writer used to block the daemon's start for ever, without a word.
TEST(ClusterKey, AFifoIsRefusedAtOnceNotWaitedOn) {
    test::TempDir dir;
    const std::string path = (dir.path() / "cluster.key").string();
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    auto key = ClusterKey::load(path);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.message(), "the cluster key " + path + " is a FIFO, not a regular file");
}

// A link could point the daemon at a file the administrator did not mean as the key.
TEST(ClusterKey, ASymbolicLinkIsRefusedNamingTheFix) {
    test::TempDir dir;
    const std::string real = test::write_cluster_key(dir.path() / "real.key");
    const std::string link = (dir.path() / "cluster.key").string();
    ASSERT_EQ(::symlink(real.c_str(), link.c_str()), 0);
    auto key = ClusterKey::load(link);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.message(), "the cluster key " + link +
                                 " is a symbolic link; name the key file itself (--cluster-key)");
}

TEST(ClusterKey, TagsDependOnTheKeyAndOnHowTheBytesAreSplit) {
    const ClusterKey one("0123456789abcdef");
    const ClusterKey other("0123456789abcdeF");
    EXPECT_EQ(one.tag({"ab", "c"}), one.tag({"ab", "c"}));
    EXPECT_EQ(one.tag({"ab", "c"}).size(), kTagBytes);
    EXPECT_NE(one.tag({"ab", "c"}), other.tag({"ab", "c"}));
    EXPECT_NE(one.tag({"ab", "c"}), one.tag({"a", "bc"}));
}

TEST(ClusterKey, HexRoundTripsAndRefusesWhatIsNotHex) {
    const std::string bytes("\x00\x7f\x80\xff", 4);
    EXPECT_EQ(to_hex(bytes), "007f80ff");
    EXPECT_EQ(from_hex("007f80ff"), bytes);
    EXPECT_EQ(from_hex("0g"), "");
    EXPECT_EQ(from_hex("abc"), "");
}

}  // namespace
}  // namespace bramble::auth
