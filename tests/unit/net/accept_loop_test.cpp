// The accept loop out of files: the connections waiting in the backlog are refused at once with a
// reason (thanks to the spare descriptor), the loop says so once, not once per attempt, and when
// files are free again it accepts and says so once. The process's own RLIMIT_NOFILE is lowered to
// the lowest free descriptor, so no file can be opened, and restored.
#include "net/accept_loop.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <utility>  // before Asio, which uses std::exchange without including it
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "support/temp_dir.hpp"

namespace bramble::net {
namespace {

using namespace std::chrono_literals;
using Local = boost::asio::local::stream_protocol;

// The number the next file would get: with the limit there, no file can be opened.
std::size_t lowest_free_descriptor() {
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    ::close(fd);
    return static_cast<std::size_t>(fd);
}

// Lowers the soft limit of open files for the scope.
class FilesLimit {
  public:
    explicit FilesLimit(std::size_t soft) {
        ::getrlimit(RLIMIT_NOFILE, &saved_);
        rlimit lowered = saved_;
        lowered.rlim_cur = soft;
        ::setrlimit(RLIMIT_NOFILE, &lowered);
    }
    ~FilesLimit() { ::setrlimit(RLIMIT_NOFILE, &saved_); }
    FilesLimit(const FilesLimit&) = delete;
    FilesLimit& operator=(const FilesLimit&) = delete;

  private:
    rlimit saved_{};
};

int unix_socket() {
    return ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
}

bool connect_to(int fd, const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    return ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

TEST(AcceptLoop, OutOfFilesItRefusesTheWaitingAndSaysSoOnce) {
    test::TempDir dir;
    const std::string path = (dir.path() / "door.sock").string();
    boost::asio::io_context io;
    Local::acceptor acceptor(io, Local::endpoint(path));
    std::vector<std::string> log;
    std::vector<std::string> refusals;
    int served = 0;
    AcceptLoop<Local::acceptor> loop(
        acceptor, "test socket", [&](const std::string& line) { log.push_back(line); },
        [&](Local::socket) { ++served; },
        [&](int, const std::string& why) { refusals.push_back(why); });
    loop.start();

    std::vector<int> clients;
    for (int i = 0; i < 10; ++i)
        clients.push_back(unix_socket());
    {
        FilesLimit none_free(lowest_free_descriptor());
        for (int fd : clients)
            ASSERT_TRUE(connect_to(fd, path)) << std::strerror(errno);
        io.run_for(500ms);
    }
    EXPECT_EQ(served, 0);
    EXPECT_EQ(refusals.size(), clients.size()) << "the waiting clients must hear no at once";
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.size(), 1u) << "one line per episode";
    EXPECT_NE(log[0].find("test socket: accept: too many open files (limit "), std::string::npos)
        << log[0];
    EXPECT_NE(log[0].find("pausing accepts"), std::string::npos) << log[0];

    const int late = unix_socket();
    ASSERT_TRUE(connect_to(late, path));
    io.run_for(1500ms);  // past the longest pause
    EXPECT_EQ(served, 1);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[1].rfind("test socket: accepting again after ", 0), 0u) << log[1];
    for (int fd : clients)
        ::close(fd);
    ::close(late);
}

}  // namespace
}  // namespace bramble::net
