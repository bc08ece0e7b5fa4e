// qhost (sge_qhost.c, Son of Grid Engine). Layout:
//   row     "%-23s %-13.13s%4.4s %4.4s %4.4s %4.4s %5.5s %7.7s %7.7s %7.7s %7.7s" (no blank
//           between ARCH and NCPU: the ARCH column is 13 wide and NCPU right-aligned in 4)
//   -ncb    "%-23s %-13.13s%4.4s %5.5s %7.7s %7.7s %7.7s %7.7s"
//   dashes  79, plus 15 with the topology columns: 94
//   global  the first row, "-" in every column
//   -q      "   %-20s " queue, "%-5.5s " qtype, "%-14.14s" "resv/used/total ", states
// Values: load "%.2f", memory "%.1f" with K/M/G (ge_memory), "-" for what is not known; a node
// that is down has no load, memory use or swap.
#include "format_hosts.hpp"

#include <algorithm>
#include <vector>

#include "format_full.hpp"
#include "job_view.hpp"
#include "text.hpp"

namespace bramble::qstat {

namespace {

struct HostRow {
    std::string name, arch, ncpu, nsoc, ncor, nthr, load, memtot, memuse, swapto, swapus;
};

std::string count(int value) {
    return value > 0 ? std::to_string(value) : "-";
}

HostRow global_row() {
    return {"global", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"};
}

HostRow node_row(const wire::NodeStatus& node) {
    const NodeInventory& inventory = node.inventory;
    HostRow row{inventory.name,
                inventory.arch.empty() ? "-" : inventory.arch,
                count(inventory.cores),
                count(inventory.sockets),
                count(inventory.cores),
                count(inventory.threads),
                "-",
                inventory.memory > 0 ? ge_memory(inventory.memory) : "-",
                "-",
                "-",
                "-"};
    if (node.up) {
        row.load = strprintf("%.2f", node.load.load_avg);
        row.memuse = ge_memory(node.load.memory_used);
        row.swapto = ge_memory(node.load.swap_total);
        row.swapus = ge_memory(node.load.swap_used);
    }
    return row;
}

std::string row_text(const HostRow& row, bool topology) {
    if (!topology) {
        return strprintf("%-23s %-13.13s%4.4s %5.5s %7.7s %7.7s %7.7s %7.7s\n", row.name.c_str(),
                         row.arch.c_str(), row.ncpu.c_str(), row.load.c_str(), row.memtot.c_str(),
                         row.memuse.c_str(), row.swapto.c_str(), row.swapus.c_str());
    }
    return strprintf("%-23s %-13.13s%4.4s %4.4s %4.4s %4.4s %5.5s %7.7s %7.7s %7.7s %7.7s\n",
                     row.name.c_str(), row.arch.c_str(), row.ncpu.c_str(), row.nsoc.c_str(),
                     row.ncor.c_str(), row.nthr.c_str(), row.load.c_str(), row.memtot.c_str(),
                     row.memuse.c_str(), row.swapto.c_str(), row.swapus.c_str());
}

// -F: "    hl:name=value" for each host-level value of the node (Grid Engine's names), and how
// the node holds jobs to their memory and cores (bramble's own).
std::string resource_lines(const wire::NodeStatus& node, const HostOptions& options) {
    const NodeInventory& inventory = node.inventory;
    std::vector<std::pair<std::string, std::string>> values = {
        {"arch", inventory.arch},
        {"num_proc", strprintf("%d.000000", inventory.cores)},
        {"mem_total", ge_memory(inventory.memory)},
        {"m_socket", strprintf("%d.000000", inventory.sockets)},
        {"m_core", strprintf("%d.000000", inventory.cores)},
        {"m_thread", strprintf("%d.000000", inventory.threads)}};
    if (node.up) values.emplace_back("load_avg", strprintf("%.6f", node.load.load_avg));
    values.emplace_back("enforcement", inventory.enforcement.empty() ? "-" : inventory.enforcement);
    const auto& named = options.resources_named;
    std::string text;
    for (const auto& [name, value] : values) {
        if (named.empty() || std::find(named.begin(), named.end(), name) != named.end())
            text.append("    hl:").append(name).append("=").append(value).append("\n");
    }
    return text;
}

std::string queue_row(const wire::NodeStatus& node, const std::string& queue) {
    const std::string slots = strprintf("0/%d/%d ", node.slots_used, node.inventory.cores);
    return strprintf("   %-20s %-5.5s %-14.14s%s\n", queue.c_str(), "BIP", slots.c_str(),
                     node.up ? "" : "au");
}

std::string host_value(const std::string& name, const std::string& value) {
    return "   <hostvalue name='" + name + "'>" + xml_escape(value) + "</hostvalue>\n";
}

std::string host_xml(const HostRow& row, bool topology) {
    std::string text = " <host name='" + xml_escape(row.name) + "'>\n";
    text += host_value("arch_string", row.arch) + host_value("num_proc", row.ncpu);
    if (topology) {
        text += host_value("m_socket", row.nsoc) + host_value("m_core", row.ncor) +
                host_value("m_thread", row.nthr);
    }
    return text + host_value("load_avg", row.load) + host_value("mem_total", row.memtot) +
           host_value("mem_used", row.memuse) + host_value("swap_total", row.swapto) +
           host_value("swap_used", row.swapus);
}

std::string queue_xml(const wire::NodeStatus& node, const std::string& queue) {
    const std::string q = xml_escape(queue);
    const auto value = [&](const std::string& name, const std::string& text) {
        return "   <queuevalue qname='" + q + "' name='" + name + "'>" + xml_escape(text) +
               "</queuevalue>\n";
    };
    return " <queue name='" + q + "'>\n" + value("qtype_string", "BIP") +
           value("slots_used", std::to_string(node.slots_used)) +
           value("slots", std::to_string(node.inventory.cores)) + value("slots_resv", "0") +
           value("state_string", node.up ? "" : "au") + " </queue>\n";
}

}  // namespace

std::string format_host_table(const wire::NodesReply& reply, const HostOptions& options) {
    std::string text = row_text({"HOSTNAME", "ARCH", "NCPU", "NSOC", "NCOR", "NTHR", "LOAD",
                                 "MEMTOT", "MEMUSE", "SWAPTO", "SWAPUS"},
                                options.topology);
    text += std::string(options.topology ? 94 : 79, '-') + "\n";
    text += row_text(global_row(), options.topology);
    for (const auto& node : nodes_by_name(reply.nodes)) {
        text += row_text(node_row(node), options.topology);
        if (options.resources) text += resource_lines(node, options);
        if (options.queues) text += queue_row(node, reply.queue);
    }
    return text;
}

std::string format_host_xml(const wire::NodesReply& reply, const HostOptions& options) {
    std::string text =
        "<?xml version='1.0'?>\n"
        "<qhost xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/dist/util/resources/"
        "schemas/qhost/qhost.xsd\">\n";
    text += host_xml(global_row(), options.topology) + " </host>\n";
    for (const auto& node : nodes_by_name(reply.nodes)) {
        text += host_xml(node_row(node), options.topology);
        if (options.queues) text += queue_xml(node, reply.queue);
        text += " </host>\n";
    }
    return text + "</qhost>\n";
}

}  // namespace bramble::qstat
