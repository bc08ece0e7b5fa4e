#include "format_config.hpp"

#include <algorithm>
#include <map>

#include "flatfile_breaks.hpp"
#include "format_full.hpp"
#include "text.hpp"

namespace bramble::qstat {
namespace {

// A list value on one line; add_line_breaks() wraps the whole file as Grid Engine does.
std::string key_value(const std::string& key, const std::vector<std::string>& items, int width,
                      const std::string& separator) {
    return strprintf("%-*s", width, key.c_str()) +
           (items.empty() ? "NONE" : join(items, separator)) + "\n";
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
    return add_line_breaks(
        key_value("pe_name", pe.name, kWidth) + key_value("slots", slots, kWidth) +
        key_value("user_lists", "NONE", kWidth) + key_value("xuser_lists", "NONE", kWidth) +
        key_value("start_proc_args", "NONE", kWidth) + key_value("stop_proc_args", "NONE", kWidth) +
        key_value("allocation_rule", pe.allocation_rule, kWidth) +
        key_value("control_slaves", "TRUE", kWidth) +
        key_value("job_is_first_task", "FALSE", kWidth) +
        key_value("urgency_slots", "min", kWidth) +
        key_value("accounting_summary", "FALSE", kWidth) + key_value("qsort_args", "NONE", kWidth));
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
    return add_line_breaks(out);
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
    return add_line_breaks(
        key_value("hostname", inventory.name, kWidth) + key_value("load_scaling", "NONE", kWidth) +
        key_value("complex_values", values, kWidth, ",") +
        key_value("load_values", load, kWidth, ",") +
        key_value("processors", std::to_string(inventory.cores), kWidth) +
        key_value("user_lists", "NONE", kWidth) + key_value("xuser_lists", "NONE", kWidth) +
        key_value("projects", "NONE", kWidth) + key_value("xprojects", "NONE", kWidth) +
        key_value("usage_scaling", "NONE", kWidth) + key_value("report_variables", "NONE", kWidth));
}

// Grid Engine's centry_list_show() aligns with a padding of 3; the title line pads every title
// after the first one column more, so it ends in a blank.
std::string format_complex_table(const std::vector<std::vector<std::string>>& rows) {
    const std::vector<std::string> titles = {"name",        "shortcut",   "type",    "relop",
                                             "requestable", "consumable", "default", "urgency"};
    constexpr std::size_t kPadding = 3;
    std::vector<std::size_t> widths;
    for (const auto& title : titles)
        widths.push_back(title.size());
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < titles.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size() + kPadding);
    }
    std::string out = "#";
    std::size_t dashes = 0;
    for (std::size_t i = 0; i < titles.size(); ++i) {
        const int width = static_cast<int>(widths[i] + (i > 0 ? 1 : 0));
        out += strprintf("%-*s", width, titles[i].c_str());
        dashes += static_cast<std::size_t>(width);
    }
    out += "\n#" + std::string(dashes, '-') + "\n";
    for (const auto& row : rows) {
        for (std::size_t i = 0; i + 1 < titles.size(); ++i)
            out += strprintf("%-*s ", static_cast<int>(widths[i]), row[i].c_str());
        out += row.back() + "\n";
    }
    return out + "# >#< starts a comment but comments are not saved across edits --------\n";
}

std::string format_complexes(const wire::ConfigReply& config) {
    struct Complex {
        std::string shortcut, type, relop, consumable, fallback, urgency;
    };
    // What bramble's -l honours of Grid Engine's built-in complexes (scheduler/requests.cpp).
    std::map<std::string, Complex> table{
        {"arch", {"a", "STRING", "==", "NO", "NONE", "0"}},
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
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, complex] : table) {
        rows.push_back({name, complex.shortcut, complex.type, complex.relop, "YES",
                        complex.consumable, complex.fallback, complex.urgency});
    }
    return format_complex_table(rows);
}

}  // namespace bramble::qstat
