// The accept loop's backoff: out of files it pauses 100 ms doubling to 1 s and says so once per
// episode, instead of retrying at once and logging every failure.
#include "net/accept_backoff.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <vector>

namespace bramble::net {
namespace {

using std::chrono::milliseconds;

TEST(AcceptBackoff, PausesDoubleUpToOneSecond) {
    AcceptBackoff backoff("client socket");
    std::vector<milliseconds> delays;
    for (int i = 0; i < 7; ++i)
        delays.push_back(backoff.failed(EMFILE, 1024).delay);
    // 100, 200, 400, 800, then capped at 1000
    EXPECT_EQ(delays,
              (std::vector<milliseconds>{milliseconds(100), milliseconds(200), milliseconds(400),
                                         milliseconds(800), milliseconds(1000), milliseconds(1000),
                                         milliseconds(1000)}));
}

TEST(AcceptBackoff, SaysOnceWhenItStartsAndOnceWhenItEnds) {
    AcceptBackoff backoff("client socket");
    EXPECT_EQ(backoff.accepted(), std::nullopt) << "nothing to say when nothing went wrong";
    auto first = backoff.failed(EMFILE, 1024);
    ASSERT_TRUE(first.log.has_value());
    EXPECT_EQ(*first.log,
              "client socket: accept: too many open files (limit 1024); pausing accepts");
    for (int i = 0; i < 10000; ++i)
        EXPECT_FALSE(backoff.failed(EMFILE, 1024).log.has_value());
    EXPECT_TRUE(backoff.paused());
    auto recovered = backoff.accepted();
    ASSERT_TRUE(recovered.has_value());
    EXPECT_EQ(recovered->rfind("client socket: accepting again after 10001 failed accepts", 0), 0u)
        << *recovered;
    EXPECT_EQ(backoff.accepted(), std::nullopt);
    EXPECT_EQ(backoff.failed(EMFILE, 1024).delay, milliseconds(100)) << "a new episode starts over";
}

TEST(AcceptBackoff, NamesTheSystemWideShortageAndOtherErrors) {
    AcceptBackoff full("execd port");
    EXPECT_EQ(*full.failed(ENFILE, 1024).log,
              "execd port: accept: the system's table of open files is full; pausing accepts");
    AcceptBackoff other("execd port");
    EXPECT_EQ(*other.failed(ENOBUFS, 1024).log,
              "execd port: accept failed: No buffer space available; pausing accepts");
    EXPECT_TRUE(out_of_files(EMFILE));
    EXPECT_TRUE(out_of_files(ENFILE));
    EXPECT_FALSE(out_of_files(ENOBUFS));
}

}  // namespace
}  // namespace bramble::net
