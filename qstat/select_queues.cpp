// qselect's options and selection (see select_queues.hpp).
#include "select_queues.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>

#include "format_full.hpp"
#include "model/units.hpp"
#include "policy/node_pattern.hpp"

namespace bramble::qstat {

namespace {

// Grid Engine's queue state letters (qselect -qs, qstat -qs).
constexpr std::string_view kStateLetters = "acdosuACDES";

// The full name of a -l attribute qselect knows, from that name or Grid Engine's shortcut; "" for
// any other.
std::string resource_name(const std::string& name) {
    static const std::map<std::string, std::string> kNames = {
        {"a", "arch"},          {"arch", "arch"},
        {"h", "hostname"},      {"hostname", "hostname"},
        {"q", "qname"},         {"qname", "qname"},
        {"p", "num_proc"},      {"num_proc", "num_proc"},
        {"s", "slots"},         {"slots", "slots"},
        {"mt", "mem_total"},    {"mem_total", "mem_total"},
        {"mf", "mem_free"},     {"mem_free", "mem_free"},
        {"vf", "virtual_free"}, {"virtual_free", "virtual_free"},
        {"h_vmem", "h_vmem"}};
    const auto found = kNames.find(name);
    return found == kNames.end() ? "" : found->second;
}

Status take_resources(const std::string& list, QselectOptions& options) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = std::min(list.find(',', start), list.size());
        const std::string item = list.substr(start, comma - start);
        start = comma + 1;
        if (item.empty()) continue;
        const auto equals = item.find('=');
        const std::string name = resource_name(item.substr(0, equals));
        if (name.empty()) return make_error("unknown resource \"" + item.substr(0, equals) + "\"");
        if (equals == std::string::npos || equals + 1 == item.size()) {
            return make_error("resource \"" + item + "\" needs a value: name=value");
        }
        const std::string value = item.substr(equals + 1);
        const bool memory = name.starts_with("mem_") || name == "h_vmem" || name == "virtual_free";
        if (memory && !parse_memory(value)) {
            return make_error("resource \"" + item + "\": \"" + value +
                              "\" is not an amount of memory (512M, 4G)");
        }
        std::int64_t number = 0;
        const bool counted = name == "num_proc" || name == "slots";
        if (counted &&
            (std::from_chars(value.data(), value.data() + value.size(), number).ec != std::errc{} ||
             number < 0)) {
            return make_error("resource \"" + item + "\": \"" + value + "\" is not a count");
        }
        options.resources.emplace_back(name, value);
    }
    return ok_status();
}

void split_commas(const std::string& list, std::vector<std::string>& into) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = std::min(list.find(',', start), list.size());
        if (comma > start) into.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
}

bool selected_by_queues(const std::vector<std::string>& queues, const std::string& queue,
                        const std::string& node) {
    if (queues.empty()) return true;
    return std::any_of(queues.begin(), queues.end(), [&](const std::string& target) {
        const auto at = target.find('@');
        if (at != std::string::npos) {
            return policy::matches_pattern(std::string_view(target).substr(0, at), queue) &&
                   policy::matches_pattern(std::string_view(target).substr(at + 1), node);
        }
        return policy::matches_pattern(target, queue) || target == node;
    });
}

bool offers(const wire::NodeStatus& node, const std::string& queue, const std::string& name,
            const std::string& value) {
    const NodeInventory& inventory = node.inventory;
    if (name == "arch") return policy::matches_pattern(value, inventory.arch);
    if (name == "hostname") {
        return policy::matches_pattern(value, inventory.name) ||
               policy::matches_pattern(value, inventory.hostname);
    }
    if (name == "qname") return policy::matches_pattern(value, queue);
    if (name == "num_proc" || name == "slots") {
        std::int64_t wanted = 0;
        std::from_chars(value.data(), value.data() + value.size(), wanted);
        return name == "num_proc" ? inventory.cores == wanted : inventory.cores >= wanted;
    }
    const auto parsed = parse_memory(value);
    const std::uint64_t wanted = parsed ? *parsed : 0;
    if (name == "mem_total") return inventory.memory >= wanted;
    return unreserved_memory(node) >= wanted;
}

}  // namespace

Result<QselectOptions> parse_qselect_args(const std::vector<std::string>& args) {
    QselectOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "-help") {
            options.help = true;
            continue;
        }
        const bool takes_value =
            arg == "-q" || arg == "-l" || arg == "-qs" || arg == "-s" || arg == "-U";
        if (!takes_value) return make_error("invalid option argument \"" + arg + "\"");
        if (i + 1 == args.size()) return make_error("option \"" + arg + "\" needs a value");
        const std::string& value = args[++i];
        if (arg == "-q") {
            split_commas(value, options.queues);
        } else if (arg == "-l") {
            if (auto taken = take_resources(value, options); !taken) return taken.error();
        } else if (arg == "-U") {
            split_commas(value, options.users);
        } else {
            const auto bad = value.find_first_not_of(kStateLetters);
            if (value.empty() || bad != std::string::npos) {
                return make_error("unknown queue state \"" + value.substr(bad, 1) + "\" in \"" +
                                  value + "\": the states are " + std::string(kStateLetters));
            }
            options.states += value;
        }
    }
    return options;
}

std::vector<std::string> select_queue_instances(const wire::NodesReply& nodes,
                                                const QselectOptions& options) {
    std::vector<std::string> names;
    for (const auto& node : nodes.nodes) {
        const std::string& name = node.inventory.name;
        if (!selected_by_queues(options.queues, nodes.queue, name)) continue;
        const bool offered = std::all_of(
            options.resources.begin(), options.resources.end(), [&](const auto& resource) {
                return offers(node, nodes.queue, resource.first, resource.second);
            });
        if (!offered) continue;
        if (!options.states.empty()) {
            const std::string states = queue_states(node);
            if (states.find_first_of(options.states) == std::string::npos) continue;
        }
        names.push_back(nodes.queue + "@" + name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string qselect_usage() {
    return "usage: qselect [options]\n"
           "   [-help]                       print this help\n"
           "   [-l resource_list]            request the given resources (arch, hostname, qname,\n"
           "                                 num_proc, slots, mem_total, mem_free, h_vmem,\n"
           "                                 virtual_free)\n"
           "   [-q wc_queue_list]            select only these queue instances (all.q@pi0*)\n"
           "   [-qs {a|c|d|o|s|u|A|C|D|E|S}] select queue instances in these states (also -s)\n"
           "   [-U user_list]                select queues these users have access to\n";
}

}  // namespace bramble::qstat
