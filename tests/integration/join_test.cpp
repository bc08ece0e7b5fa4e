// A cluster in two commands (etc/bramble-cluster): `init` on the head node makes the key and prints
// the join command; `join` on a node writes that key and the head's address, and its execd (run in
// the foreground here, as its unit would run it) registers: qhost lists the node.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <regex>
#include <sstream>

#include "support/cluster_suite.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

const std::string kScript = std::string(BRAMBLE_SOURCE_DIR) + "/etc/bramble-cluster";

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string hex(const std::string& bytes) {
    std::ostringstream out;
    for (unsigned char byte : bytes)
        out << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(byte);
    return out.str();
}

ProcessResult bramble_cluster(const std::vector<std::string>& args) {
    Command command;
    command.argv = {kScript};
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.env = environment_with({"BRAMBLE_EXECD=" + bin_path("bramble-execd")});
    return run_command(command);
}

class Join : public ClusterSuite {
  protected:
    // Whether qhost lists `node` with a load (its execd registered and reports).
    static bool listed_up(const std::string& node) {
        const std::string out = cluster().run("qhost", {}).out;
        return std::regex_search(
            out, std::regex("\n" + node + " +[^ ]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+ "));
    }
};

TEST_F(Join, InitMakesAPrivateKeyOnceAndPrintsTheJoinCommand) {
    TempDir etc;
    const ProcessResult first = bramble_cluster(
        {"init", "--etc", etc.path().string(), "--address", "10.0.0.1", "--no-start"});
    ASSERT_EQ(first.exit_code, 0) << first.describe();
    const auto key = etc.path() / "cluster.key";
    struct stat info {};
    ASSERT_EQ(::stat(key.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600U);
    EXPECT_EQ(file_bytes(key).size(), 32U);
    EXPECT_EQ(first.out,
              "Run this on each compute node (as root) to join it to the cluster:\n"
              "  bramble-cluster join 10.0.0.1:7444 " +
                  hex(file_bytes(key)) + "\n");

    // A second init keeps the key: nodes that joined stay joined.
    const std::string before = file_bytes(key);
    const ProcessResult again = bramble_cluster(
        {"init", "--etc", etc.path().string(), "--address", "10.0.0.1:7000", "--no-start"});
    ASSERT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(file_bytes(key), before);
    EXPECT_THAT(again.out, HasSubstr("join 10.0.0.1:7000 " + hex(before)));
}

TEST_F(Join, ANodeJoinsWithTheHeadsAddressAndKey) {
    TempDir etc;
    TempDir node;
    std::filesystem::create_directories(node.path() / "spool");
    std::filesystem::create_directories(node.path() / "tmp");
    std::filesystem::permissions(node.path() / "tmp",
                                 std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
    const std::string key = hex(file_bytes(cluster().cluster_key()));
    std::vector<std::string> argv = {kScript,
                                     "join",
                                     "127.0.0.1:" + std::to_string(cluster().port()),
                                     key,
                                     "--etc",
                                     etc.path().string(),
                                     "--foreground",
                                     "--",
                                     "--name",
                                     "pi09",
                                     "--cores",
                                     "1",
                                     "--memory",
                                     "256M",
                                     "--spool",
                                     (node.path() / "spool").string(),
                                     "--tmpdir",
                                     (node.path() / "tmp").string(),
                                     "--port",
                                     "0"};
    Daemon execd(argv, environment_with({"BRAMBLE_EXECD=" + bin_path("bramble-execd")}),
                 (node.path() / "execd.log").string());
    EXPECT_TRUE(cluster().wait_until([] { return listed_up("pi09"); }))
        << cluster().run("qhost", {}).out << file_bytes(node.path() / "execd.log");
    EXPECT_EQ(file_bytes(etc.path() / "cluster.key"), file_bytes(cluster().cluster_key()));
    EXPECT_EQ(file_bytes(etc.path() / "execd.env"),
              "BRAMBLE_SCHEDULER=127.0.0.1:" + std::to_string(cluster().port()) + "\n");
}

TEST_F(Join, BadAddressesAndKeysAreRefusedWithTheReason) {
    TempDir etc;
    const ProcessResult address = bramble_cluster(
        {"join", "head", "00112233445566778899aabbccddeeff", "--etc", etc.path().string()});
    EXPECT_EQ(address.exit_code, 1);
    EXPECT_THAT(address.err, HasSubstr("'head' is not HOST:PORT"));
    const ProcessResult key =
        bramble_cluster({"join", "head:7444", "not-hex", "--etc", etc.path().string()});
    EXPECT_EQ(key.exit_code, 1);
    EXPECT_THAT(key.err, HasSubstr("the key must be 16 to 4096 bytes in hex"));
    EXPECT_FALSE(std::filesystem::exists(etc.path() / "cluster.key")) << "nothing written";
}

}  // namespace
}  // namespace bramble::test
