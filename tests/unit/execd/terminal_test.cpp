// The execd's pseudo-terminals for qrsh -pty y and qlogin: the window sizes it takes, and a
// terminal handed to the job's owner by descriptor with login's mode.
#include "execd/terminal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bramble::execd {
namespace {

using ::testing::HasSubstr;

TEST(Terminal, WindowSidesFrom0ToTheBoundAreTaken) {
    EXPECT_TRUE(check_window({0, 0}));
    EXPECT_TRUE(check_window({24, 80}));
    EXPECT_TRUE(check_window({wire::kMaxWindowSide, wire::kMaxWindowSide}));
    const wire::RemoteWindow refused[] = {
        {-1, 80}, {24, -5}, {wire::kMaxWindowSide + 1, 80}, {24, 1 << 30}};
    for (const auto& window : refused) {
        const Status checked = check_window(window);
        ASSERT_FALSE(checked) << window.rows << "x" << window.cols;
        EXPECT_THAT(checked.message(), HasSubstr("each must be 0 to 4096"));
    }
    EXPECT_EQ(check_window({70000, 80}).message(),
              "a window of 70000 rows and 80 columns: each must be 0 to 4096");
}

TEST(Terminal, OnlyAnAttachAsksForATerminal) {
    wire::RemoteCommand inherit;
    inherit.command = "hostname";
    EXPECT_TRUE(check_terminal_fields(inherit));
    inherit.pty = true;
    EXPECT_THAT(check_terminal_fields(inherit).message(),
                HasSubstr("qrsh -inherit runs its command without one"));
    inherit.pty = false;
    inherit.window = {24, 80};
    EXPECT_FALSE(check_terminal_fields(inherit));
    wire::RemoteCommand attach;
    attach.attach = true;
    attach.pty = true;
    attach.window = {24, 80};
    EXPECT_TRUE(check_terminal_fields(attach));
    attach.window.rows = -3;
    EXPECT_EQ(check_terminal_fields(attach).message(),
              "asks for a window of -3 rows and 80 columns: each must be 0 to 4096");
}

TEST(Terminal, TheSlaveBelongsToTheOwnerAndHasTheWindowAsked) {
    if (::geteuid() != 0) GTEST_SKIP() << "handing a terminal to another uid needs root";
    constexpr uid_t kOwner = 1;  // daemon
    auto terminal = open_terminal(kOwner, {33, 101});
    ASSERT_TRUE(terminal) << terminal.message();
    struct stat slave {};
    ASSERT_EQ(::fstat(terminal->slave, &slave), 0);
    EXPECT_EQ(slave.st_uid, kOwner);
    EXPECT_EQ(slave.st_mode & 07777, 0620u);
    EXPECT_TRUE(::isatty(terminal->slave));
    winsize size{};
    ASSERT_EQ(::ioctl(terminal->slave, TIOCGWINSZ, &size), 0);
    EXPECT_EQ(size.ws_row, 33);
    EXPECT_EQ(size.ws_col, 101);
    ASSERT_TRUE(set_window(terminal->master, {40, 120}));
    ASSERT_EQ(::ioctl(terminal->slave, TIOCGWINSZ, &size), 0);
    EXPECT_EQ(size.ws_col, 120);
    EXPECT_FALSE(set_window(terminal->master, {40, 5000}));
    ::close(terminal->master);
    ::close(terminal->slave);
}

TEST(Terminal, AnOutOfRangeWindowOpensNothing) {
    auto terminal = open_terminal(::geteuid(), {24, 100000});
    ASSERT_FALSE(terminal);
    EXPECT_THAT(terminal.message(), HasSubstr("100000 columns"));
}

}  // namespace
}  // namespace bramble::execd
