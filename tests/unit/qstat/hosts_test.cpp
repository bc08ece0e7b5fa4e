// qhost, byte for byte: "%-23s %-13.13s%4.4s %4.4s %4.4s %4.4s %5.5s %7.7s %7.7s %7.7s %7.7s"
//   24 + 13 + 4 + 5 + 5 + 5 + 6 + 8 + 8 + 8 + 8 = 94 characters, and 94 dashes under the header.
#include <gtest/gtest.h>

#include <string>

#include "format_hosts.hpp"
#include "job_builder.hpp"

namespace bramble::qstat {
namespace {

const std::string kHeader =
    "HOSTNAME                ARCH         NCPU NSOC NCOR NTHR  LOAD  MEMTOT  MEMUSE  SWAPTO  "
    "SWAPUS\n" +
    std::string(94, '-') + "\n" +
    "global                  -               -    -    -    -     -       -       -       -       "
    "-\n";

wire::NodesReply two_nodes() {
    wire::NodesReply reply;
    reply.queue = "all.q";
    reply.nodes = {test::node("pi02", 2, false), test::node("pi01", 4)};
    reply.nodes[1].slots_used = 1;
    return reply;
}

TEST(HostTable, GlobalRowThenNodesByName) {
    // pi02 is down: its load, memory use and swap are unknown ("-"); MEMTOT is its inventory.
    // An empty swap shows as Grid Engine shows it: 0.0.
    const std::string expected = kHeader +
                                 "pi01                    lx-arm64        4    1    4    4  0.01   "
                                 " 4.0G  512.0M     0.0     0.0\n"
                                 "pi02                    lx-arm64        2    1    2    2     -   "
                                 " 4.0G       -       -       -\n";
    EXPECT_EQ(format_host_table(two_nodes(), {}), expected);
}

TEST(HostTable, QueueRowsUnderEachHost) {
    // "   %-20s %-5.5s %-14.14s" + states: 3 + 21 + 6 + 14 = 44 characters before the states.
    const std::string expected = kHeader +
                                 "pi01                    lx-arm64        4    1    4    4  0.01   "
                                 " 4.0G  512.0M     0.0     0.0\n"
                                 "   all.q                BIP   0/1/4         \n"
                                 "pi02                    lx-arm64        2    1    2    2     -   "
                                 " 4.0G       -       -       -\n"
                                 "   all.q                BIP   0/0/2         au\n";
    EXPECT_EQ(format_host_table(two_nodes(), {.queues = true}), expected);
}

TEST(HostTable, WithoutTopologyColumns) {
    // -ncb: "%-23s %-13.13s%4.4s %5.5s %7.7s %7.7s %7.7s %7.7s" = 79 characters and 79 dashes.
    wire::NodesReply reply = two_nodes();
    reply.nodes.pop_back();
    const std::string expected =
        "HOSTNAME                ARCH         NCPU  LOAD  MEMTOT  MEMUSE  SWAPTO  SWAPUS\n" +
        std::string(79, '-') + "\n" +
        "global                  -               -     -       -       -       -       -\n"
        "pi02                    lx-arm64        2     -    4.0G       -       -       -\n";
    EXPECT_EQ(format_host_table(reply, {.topology = false}), expected);
}

TEST(HostTable, NoNodesStillShowsTheGlobalRow) {
    EXPECT_EQ(format_host_table(wire::NodesReply{}, {}), kHeader);
}

TEST(HostXml, HostValuesAndQueues) {
    wire::NodesReply reply = two_nodes();
    reply.nodes.pop_back();
    const std::string expected =
        "<?xml version='1.0'?>\n"
        "<qhost "
        "xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/schemas/"
        "qhost/qhost.xsd\">\n"
        " <host name='global'>\n"
        "   <hostvalue name='arch_string'>-</hostvalue>\n"
        "   <hostvalue name='num_proc'>-</hostvalue>\n"
        "   <hostvalue name='m_socket'>-</hostvalue>\n"
        "   <hostvalue name='m_core'>-</hostvalue>\n"
        "   <hostvalue name='m_thread'>-</hostvalue>\n"
        "   <hostvalue name='load_avg'>-</hostvalue>\n"
        "   <hostvalue name='mem_total'>-</hostvalue>\n"
        "   <hostvalue name='mem_used'>-</hostvalue>\n"
        "   <hostvalue name='swap_total'>-</hostvalue>\n"
        "   <hostvalue name='swap_used'>-</hostvalue>\n"
        " </host>\n"
        " <host name='pi02'>\n"
        "   <hostvalue name='arch_string'>lx-arm64</hostvalue>\n"
        "   <hostvalue name='num_proc'>2</hostvalue>\n"
        "   <hostvalue name='m_socket'>1</hostvalue>\n"
        "   <hostvalue name='m_core'>2</hostvalue>\n"
        "   <hostvalue name='m_thread'>2</hostvalue>\n"
        "   <hostvalue name='load_avg'>-</hostvalue>\n"
        "   <hostvalue name='mem_total'>4.0G</hostvalue>\n"
        "   <hostvalue name='mem_used'>-</hostvalue>\n"
        "   <hostvalue name='swap_total'>-</hostvalue>\n"
        "   <hostvalue name='swap_used'>-</hostvalue>\n"
        " <queue name='all.q'>\n"
        "   <queuevalue qname='all.q' name='qtype_string'>BIP</queuevalue>\n"
        "   <queuevalue qname='all.q' name='slots_used'>0</queuevalue>\n"
        "   <queuevalue qname='all.q' name='slots'>2</queuevalue>\n"
        "   <queuevalue qname='all.q' name='slots_resv'>0</queuevalue>\n"
        "   <queuevalue qname='all.q' name='state_string'>au</queuevalue>\n"
        " </queue>\n"
        " </host>\n"
        "</qhost>\n";
    EXPECT_EQ(format_host_xml(reply, {.queues = true}), expected);
}

}  // namespace
}  // namespace bramble::qstat
