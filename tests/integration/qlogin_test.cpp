// qrsh -pty y, qrsh without a command and qlogin, driven as a user at a terminal would: the tool
// runs on the slave of a pseudo-terminal this test opens, the test types on the master and reads
// what the user would see. The job's side is a terminal on the node owned by the job's owner, of
// the user's window size (and following it), its exit status is the tool's, ^D ends a shell, and
// the user's terminal modes are the same after as before.
#include <gmock/gmock.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "support/cluster_suite.hpp"
#include "support/test_users.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

bool same_modes(const termios& a, const termios& b) {
    return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag &&
           a.c_lflag == b.c_lflag && std::memcmp(a.c_cc, b.c_cc, sizeof a.c_cc) == 0;
}

// A tool running as `user` on the slave of a new pseudo-terminal of 33 rows and 101 columns.
class AtTerminal {
  public:
    AtTerminal(const LocalCluster& cluster, const UserIdentity& user,
               const std::vector<std::string>& argv) {
        winsize size{};
        size.ws_row = 33;
        size.ws_col = 101;
        if (::openpty(&master_, &slave_, nullptr, nullptr, &size) != 0) return;
        ::tcgetattr(slave_, &before_);
        std::vector<std::string> env = {
            "PATH=/usr/local/bin:/usr/bin:/bin",
            "HOME=" + user.home,
            "USER=" + user.name,
            "TERM=xterm",
            "BRAMBLE_SOCKET=" + cluster.socket_path(),
            "BRAMBLE_EXECD_SOCKET=" + cluster.execd_socket_path("pi01")};
        std::vector<char*> args, envp;
        for (const auto& word : argv)
            args.push_back(const_cast<char*>(word.c_str()));
        args.push_back(nullptr);
        for (const auto& entry : env)
            envp.push_back(const_cast<char*>(entry.c_str()));
        envp.push_back(nullptr);
        const std::string cwd = cluster.work_dir(user.name);
        pid_ = ::fork();
        if (pid_ != 0) return;
        ::setsid();
        ::ioctl(slave_, TIOCSCTTY, 0);
        ::dup2(slave_, 0);
        ::dup2(slave_, 1);
        ::dup2(slave_, 2);
        ::close(master_);
        if (::setgroups(0, nullptr) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0 ||
            ::chdir(cwd.c_str()) != 0)
            ::_exit(120);
        ::execve(args[0], args.data(), envp.data());
        ::_exit(121);
    }
    ~AtTerminal() {
        if (pid_ > 0 && status_ < 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        ::close(master_);
        ::close(slave_);
    }
    AtTerminal(const AtTerminal&) = delete;
    AtTerminal& operator=(const AtTerminal&) = delete;

    void type(const std::string& keys) const {
        ASSERT_EQ(::write(master_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
    }
    // Reads what the user sees until it holds `text` (true) or 20 s have passed.
    bool shows(const std::string& text) {
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (seen_.find(text, from_) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !read_some(static_cast<int>(left.count()))) return false;
        }
        from_ = seen_.find(text, from_) + text.size();
        return true;
    }
    // The tool's exit status once it has ended (everything it showed read), or -1 after 20 s.
    int exit_status() {
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (status_ < 0 && std::chrono::steady_clock::now() < deadline) {
            read_some(100);
            int raw = 0;
            if (::waitpid(pid_, &raw, WNOHANG) == pid_)
                status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
        }
        return status_;
    }
    void resize(unsigned short rows, unsigned short cols) const {
        winsize size{};
        size.ws_row = rows;
        size.ws_col = cols;
        ::ioctl(master_, TIOCSWINSZ, &size);  // the kernel sends the tool SIGWINCH
    }
    void signal(int sig) const { ::kill(pid_, sig); }
    [[nodiscard]] bool raw_now() const {
        termios now{};
        return ::tcgetattr(slave_, &now) == 0 && (now.c_lflag & (ICANON | ECHO)) == 0;
    }
    [[nodiscard]] bool modes_restored() const {
        termios after{};
        return ::tcgetattr(slave_, &after) == 0 && same_modes(before_, after);
    }
    [[nodiscard]] const std::string& seen() const { return seen_; }

  private:
    bool read_some(int milliseconds) {
        pollfd ready{master_, POLLIN, 0};
        if (::poll(&ready, 1, milliseconds) <= 0) return false;
        char buffer[4096];
        const ssize_t n = ::read(master_, buffer, sizeof buffer);
        if (n <= 0) return false;
        seen_.append(buffer, static_cast<std::size_t>(n));
        return true;
    }

    int master_ = -1;
    int slave_ = -1;
    pid_t pid_ = -1;
    int status_ = -1;
    termios before_{};
    std::string seen_;
    std::size_t from_ = 0;
};

class Qlogin : public ClusterSuite {
  public:
    static void SetUpTestSuite() { start(small_nodes(2, 1)); }

  protected:
    void SetUp() override {
        ClusterSuite::SetUp();
        use_test_users();
    }
};

TEST_F(Qlogin, QrshPtyYRunsTheCommandOnATerminalOfTheUsersSizeAndPassesItsStatusOn) {
    const auto& alice = users_->alice;
    AtTerminal at(cluster(), alice,
                  {bin_path("qrsh"), "-pty", "y", "sh", "-c",
                   "tty; stty size; stat -c 'owner %U' $(tty); read line; echo \"got $line\"; "
                   "exit 3"});
    EXPECT_TRUE(at.shows("/dev/pts/")) << at.seen() << cluster().logs();
    EXPECT_TRUE(at.shows("33 101")) << at.seen();
    EXPECT_TRUE(at.shows("owner " + alice.name)) << at.seen();
    // Attached: the user's terminal is raw, the node's terminal echoes and turns Enter into a
    // newline.
    EXPECT_TRUE(at.raw_now());
    at.type("hello\r");
    EXPECT_TRUE(at.shows("got hello")) << at.seen();
    EXPECT_EQ(at.exit_status(), 3) << at.seen();
    EXPECT_TRUE(at.modes_restored());
}

TEST_F(Qlogin, QloginIsALoginShellThatFollowsTheWindowAndEndsWithIt) {
    AtTerminal at(cluster(), users_->alice, {bin_path("qlogin")});
    at.type("echo RE''ADY; stty size\r");
    EXPECT_TRUE(at.shows("READY")) << at.seen() << cluster().logs();
    EXPECT_TRUE(at.shows("33 101")) << at.seen();
    at.resize(40, 120);
    at.type("stty size; echo $TERM; tty\r");
    EXPECT_TRUE(at.shows("40 120")) << at.seen();
    EXPECT_TRUE(at.shows("xterm")) << at.seen();
    EXPECT_TRUE(at.shows("/dev/pts/")) << at.seen();
    at.type("exit 7\r");
    EXPECT_EQ(at.exit_status(), 7) << at.seen();
    EXPECT_TRUE(at.modes_restored());
}

TEST_F(Qlogin, QrshWithoutACommandFromATerminalIsALoginThatCtrlDEnds) {
    AtTerminal at(cluster(), users_->alice, {bin_path("qrsh")});
    at.type("echo RE''ADY; tty\r");
    EXPECT_TRUE(at.shows("READY")) << at.seen() << cluster().logs();
    EXPECT_TRUE(at.shows("/dev/pts/")) << at.seen();
    at.type("\x04");
    EXPECT_EQ(at.exit_status(), 0) << at.seen();
    EXPECT_TRUE(at.modes_restored());
}

TEST_F(Qlogin, QrshPtyNKeepsPipesAndTheTerminalAsItWas) {
    AtTerminal at(cluster(), users_->alice, {bin_path("qrsh"), "-pty", "n", "tty"});
    EXPECT_TRUE(at.shows("not a tty")) << at.seen() << cluster().logs();
    EXPECT_EQ(at.exit_status(), 1) << at.seen();
    EXPECT_TRUE(at.modes_restored());
}

// SIGTERM is read and returned from; SIGUSR1 would end qrsh without a return: the terminal is
// restored either way, and the job ends with its qrsh.
TEST_F(Qlogin, KillingQrshRestoresTheTerminalAndEndsTheJob) {
    for (const int sig : {SIGTERM, SIGUSR1}) {
        AtTerminal at(cluster(), users_->alice,
                      {bin_path("qrsh"), "-pty", "y", "sh", "-c", "echo STAR''TED; sleep 100"});
        EXPECT_TRUE(at.shows("STARTED")) << at.seen() << cluster().logs();
        EXPECT_TRUE(at.raw_now());
        at.signal(sig);
        EXPECT_EQ(at.exit_status(), 128 + sig) << at.seen();
        EXPECT_TRUE(at.modes_restored()) << "after signal " << sig;
    }
    const auto alices = [this] { return cluster().run("qstat", {"-u", users_->alice.name}).out; };
    EXPECT_TRUE(cluster().wait_until([&] { return alices().empty(); })) << alices();
}

// qdel ends an attached job like any other: qrsh says why on a line of its own (the terminal is
// raw, so the line ends "\r\n"), exits with the job's status and leaves the terminal as it was.
TEST_F(Qlogin, QdelEndsATerminalSessionAndQrshSaysWhyOnALineOfItsOwn) {
    AtTerminal at(cluster(), users_->alice,
                  {bin_path("qrsh"), "-pty", "y", "sh", "-c", "echo JOB $JOB_ID; sleep 100"});
    ASSERT_TRUE(at.shows("JOB ")) << at.seen() << cluster().logs();
    ASSERT_TRUE(at.shows("\r\n")) << at.seen();
    const std::string id = at.seen().substr(at.seen().find("JOB ") + 4);
    const ProcessResult deleted = cluster().run("qdel", {id.substr(0, id.find('\r'))});
    EXPECT_EQ(deleted.exit_code, 0) << deleted.describe();
    EXPECT_EQ(at.exit_status(), 137) << at.seen();
    EXPECT_THAT(at.seen(), ::testing::MatchesRegex("(.|\r|\n)*\nqrsh: [^\r\n]+\r\n")) << at.seen();
    EXPECT_TRUE(at.modes_restored());
}

}  // namespace
}  // namespace bramble::test
