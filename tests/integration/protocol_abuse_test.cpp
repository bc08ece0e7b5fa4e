// Bytes no client would send: garbage, truncated and oversized frames on the scheduler's Unix
// socket and TCP port close that connection only; the daemon keeps serving the tools and the nodes.
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"
#include "support/raw_socket.hpp"

namespace bramble::test {
namespace {

struct Abuse {
    const char* title;
    std::string bytes;
    bool server_closes;  // false: the bytes are an unfinished frame, so we hang up ourselves
};

std::vector<Abuse> abuses() {
    const std::string garbage = "\x01\x02\xff{not json at all}";
    return {
        {"garbage body in a well-formed frame",
         frame_header(std::uint32_t(garbage.size())) + garbage, true},
        {"plain text instead of a frame", "GET / HTTP/1.0\r\n\r\n", true},
        {"oversized frame header", frame_header(0xffffffffu) + "xxxx", true},
        {"frame just over the 8 MiB limit", frame_header(8 * 1024 * 1024 + 1), true},
        {"truncated frame", frame_header(100) + "only a few bytes", false},
        {"valid JSON of no known message", frame_header(13) + "{\"type\":\"x\"}\n", true},
    };
}

class ProtocolAbuse : public ClusterSuite {
  protected:
    void abuse(RawConnection connection, const Abuse& a) {
        SCOPED_TRACE(a.title);
        ASSERT_TRUE(connection.connected());
        connection.send(a.bytes);
        if (a.server_closes) {
            EXPECT_TRUE(connection.closed_by_peer(10s)) << "the daemon kept the connection open";
        }
        connection.close();
        ProcessResult r = cluster().run("qstat", {"-u", "*"});
        EXPECT_EQ(r.exit_code, 0) << "qstat after the abuse: " << r.describe();
    }
};

TEST_F(ProtocolAbuse, UnixSocketClosesTheConnectionAndKeepsServing) {
    for (const auto& a : abuses())
        abuse(RawConnection::unix_socket(cluster().socket_path()), a);
    EXPECT_TRUE(cluster().all_nodes_up());
    auto id = cluster().submit({"-cwd", "-b", "y", "/bin/true"});
    EXPECT_TRUE(id != 0 && cluster().wait_gone(id));
}

TEST_F(ProtocolAbuse, TcpPortClosesTheConnectionAndKeepsServing) {
    for (const auto& a : abuses())
        abuse(RawConnection::tcp_loopback(cluster().port()), a);
    EXPECT_TRUE(cluster().all_nodes_up()) << "the execds' links must not suffer";
    auto id = cluster().submit({"-cwd", "-b", "y", "/bin/true"});
    EXPECT_TRUE(id != 0 && cluster().wait_gone(id));
}

TEST_F(ProtocolAbuse, ManyHalfOpenConnectionsDoNotBlockTheTools) {
    std::vector<RawConnection> idle;
    for (int i = 0; i < 20; ++i) {
        idle.push_back(RawConnection::unix_socket(cluster().socket_path()));
        idle.back().send(frame_header(50));
    }
    ProcessResult r = cluster().run("qstat", {"-u", "*"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
}

}  // namespace
}  // namespace bramble::test
