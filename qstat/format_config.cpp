#include "format_config.hpp"

#include <algorithm>
#include <map>

#include "format_full.hpp"
#include "text.hpp"

namespace bramble::qstat {
namespace {

// Grid Engine's flat files continue a long list on the next line after " \", indented to the
// value column, keeping lines within 80 columns.
std::string key_value(const std::string& key, const std::vector<std::string>& items, int width,
                      const std::string& separator) {
    constexpr std::size_t kColumns = 80;
    std::string out = strprintf("%-*s", width, key.c_str());
    if (items.empty()) return out + "NONE\n";
    std::size_t line = out.size();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const bool last = i + 1 == items.size();
        const std::string item = items[i] + (last ? "" : separator);
        const std::size_t continuation = last ? 0 : 2;  // room for " \"
        if (line > static_cast<std::size_t>(width) &&
            line + item.size() + continuation > kColumns) {
            if (out.back() == ' ') out.pop_back();
            out += " \\\n" + std::string(static_cast<std::size_t>(width), ' ');
            line = static_cast<std::size_t>(width);
        }
        out += item;
        line += item.size();
    }
    return out + "\n";
}

std::string key_value(const std::string& key, const std::string& value, int width) {
    return strprintf("%-*s%s\n", width, key.c_str(), value.c_str());
}

std::string clock_text(std::int64_t seconds) {
    if (seconds <= 0) return "INFINITY";
    return strprintf("%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                     static_cast<long long>(seconds / 60 % 60),
                     static_cast<long long>(seconds % 60));
}

const wire::NodeConfigEntry* configured(const wire::ConfigReply& config, const std::string& node) {
    for (const auto& entry : config.nodes) {
        if (entry.name == node) return &entry;
    }
    return nullptr;
}

}  // namespace

std::string format_name_list(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::string out;
    for (const auto& name : names)
        out += name + "\n";
    return out;
}

std::string format_pe(const wire::PeEntry& pe) {
    constexpr int kWidth = 19;
    const std::string slots = pe.max_slots > 0 ? std::to_string(pe.max_slots) : "999";
    return key_value("pe_name", pe.name, kWidth) + key_value("slots", slots, kWidth) +
           key_value("user_lists", "NONE", kWidth) + key_value("xuser_lists", "NONE", kWidth) +
           key_value("start_proc_args", "NONE", kWidth) +
           key_value("stop_proc_args", "NONE", kWidth) +
           key_value("allocation_rule", pe.allocation_rule, kWidth) +
           key_value("control_slaves", "TRUE", kWidth) +
           key_value("job_is_first_task", "FALSE", kWidth) +
           key_value("urgency_slots", "min", kWidth) +
           key_value("accounting_summary", "FALSE", kWidth) +
           key_value("qsort_args", "NONE", kWidth);
}

std::string format_queue(const wire::ConfigReply& config, const wire::NodesReply& nodes) {
    constexpr int kWidth = 22;
    std::vector<std::string> hosts;
    std::vector<std::string> slots{"1"};
    for (const auto& node : nodes.nodes) {
        hosts.push_back(node.inventory.name);
        slots.push_back("[" + node.inventory.name + "=" + std::to_string(node.inventory.cores) +
                        "]");
    }
    std::vector<std::string> pes;
    for (const auto& pe : config.pes)
        pes.push_back(pe.name);
    std::string out =
        key_value("qname", config.queue, kWidth) + key_value("hostlist", hosts, kWidth, " ") +
        key_value("seq_no", "0", kWidth) + key_value("load_thresholds", "NONE", kWidth) +
        key_value("suspend_thresholds", "NONE", kWidth) + key_value("nsuspend", "1", kWidth) +
        key_value("suspend_interval", "00:05:00", kWidth) + key_value("priority", "0", kWidth) +
        key_value("min_cpu_interval", "00:05:00", kWidth) +
        key_value("processors", "UNDEFINED", kWidth) +
        key_value("qtype", "BATCH INTERACTIVE", kWidth) + key_value("ckpt_list", "NONE", kWidth) +
        key_value("pe_list", pes, kWidth, " ") +
        key_value("rerun", config.rerun ? "TRUE" : "FALSE", kWidth) +
        key_value("slots", slots, kWidth, ",");
    // What bramble does not have, at Grid Engine's defaults.
    const std::map<std::string, std::string> defaults{{"tmpdir", "/tmp"},
                                                      {"shell", "/bin/sh"},
                                                      {"shell_start_mode", "posix_compliant"},
                                                      {"notify", "00:00:60"},
                                                      {"initial_state", "default"}};
    for (const char* key :
         {"tmpdir", "shell", "prolog", "epilog", "shell_start_mode", "starter_method",
          "suspend_method", "resume_method", "terminate_method", "notify", "owner_list",
          "user_lists", "xuser_lists", "subordinate_list", "complex_values", "projects",
          "xprojects", "calendar", "initial_state"}) {
        const auto value = defaults.find(key);
        out += key_value(key, value == defaults.end() ? "NONE" : value->second, kWidth);
    }
    for (const char* limit : {"rt", "cpu", "fsize", "data", "stack", "core", "rss", "vmem"}) {
        out += key_value(std::string("s_") + limit, "INFINITY", kWidth);
        const bool walltime = std::string(limit) == "rt";
        out += key_value(std::string("h_") + limit,
                         walltime ? clock_text(config.max_walltime) : "INFINITY", kWidth);
    }
    return out;
}

std::string format_exec_host(const wire::ConfigReply& config, const wire::NodeStatus& node) {
    constexpr int kWidth = 22;
    const NodeInventory& inventory = node.inventory;
    std::vector<std::string> values;
    if (const auto* entry = configured(config, inventory.name)) {
        for (const auto& [name, value] : entry->labels)
            values.push_back(name + "=" + value);
        for (const auto& [name, amount] : entry->consumables)
            values.push_back(name + "=" + std::to_string(amount));
        for (const auto& line : entry->gpio_lines)
            values.push_back("gpio=" + line);
    }
    std::vector<std::string> load;
    if (node.up) {
        load = {"arch=" + inventory.arch, "num_proc=" + std::to_string(inventory.cores),
                "mem_total=" + ge_memory(inventory.memory),
                strprintf("load_avg=%f", node.load.load_avg)};
    }
    return key_value("hostname", inventory.name, kWidth) +
           key_value("load_scaling", "NONE", kWidth) +
           key_value("complex_values", values, kWidth, ",") +
           key_value("load_values", load, kWidth, ",") +
           key_value("processors", std::to_string(inventory.cores), kWidth) +
           key_value("user_lists", "NONE", kWidth) + key_value("xuser_lists", "NONE", kWidth) +
           key_value("projects", "NONE", kWidth) + key_value("xprojects", "NONE", kWidth) +
           key_value("usage_scaling", "NONE", kWidth) +
           key_value("report_variables", "NONE", kWidth);
}

std::string format_complexes(const wire::ConfigReply& config) {
    struct Complex {
        std::string shortcut, type, relop, consumable, fallback, urgency;
    };
    // What bramble's -l honours of Grid Engine's built-in complexes (scheduler/requests.cpp).
    std::map<std::string, Complex> table{
        {"arch", {"a", "RESTRING", "==", "NO", "NONE", "0"}},
        {"exclusive", {"excl", "BOOL", "EXCL", "YES", "0", "1000"}},
        {"h_rt", {"h_rt", "TIME", "<=", "NO", "0:0:0", "0"}},
        {"h_vmem", {"h_vmem", "MEMORY", "<=", "YES", "0", "0"}},
        {"hostname", {"h", "HOST", "==", "NO", "NONE", "0"}},
        {"mem_free", {"mf", "MEMORY", "<=", "YES", "0", "0"}},
        {"num_proc", {"p", "INT", "==", "NO", "0", "0"}},
        {"slots", {"s", "INT", "<=", "YES", "1", "1000"}},
        {"virtual_free", {"vf", "MEMORY", "<=", "YES", "0", "0"}},
    };
    for (const auto& node : config.nodes) {
        for (const auto& [name, value] : node.labels)
            table.try_emplace(name, Complex{name, "RESTRING", "==", "NO", "NONE", "0"});
        for (const auto& [name, amount] : node.consumables)
            table.try_emplace(name, Complex{name, "INT", "<=", "YES", "0", "0"});
        if (!node.gpio_lines.empty())
            table.try_emplace("gpio", Complex{"gpio", "RESTRING", "==", "YES", "NONE", "0"});
    }
    const char* row = "%-19.19s %-10.10s %-11.11s %-5.5s %-11.11s %-10.10s %-8.8s %-8s\n";
    std::string out = strprintf(row, "#name", "shortcut", "type", "relop", "requestable",
                                "consumable", "default", "urgency");
    out += "#" + std::string(out.size() - 2, '-') + "\n";
    for (const auto& [name, complex] : table) {
        out += strprintf(row, name.c_str(), complex.shortcut.c_str(), complex.type.c_str(),
                         complex.relop.c_str(), "YES", complex.consumable.c_str(),
                         complex.fallback.c_str(), complex.urgency.c_str());
    }
    return out + "# >#< starts a comment but comments are not saved across edits --------\n";
}

}  // namespace bramble::qstat
