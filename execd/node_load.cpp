// Reading the node's load (see node_load.hpp).
#include "execd/node_load.hpp"

#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "execd/job_dir.hpp"

namespace bramble::execd {

double parse_loadavg(std::string_view text) {
    std::istringstream in{std::string(text)};
    double load = 0;
    if (!(in >> load)) return 0;
    return load;
}

NodeLoad parse_meminfo(std::string_view text) {
    std::map<std::string, std::uint64_t> kb;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string key;
        std::uint64_t value = 0;
        if (fields >> key >> value && key.ends_with(':')) kb[key.substr(0, key.size() - 1)] = value;
    }
    const auto used = [&](const char* total, const char* free) -> std::uint64_t {
        const std::uint64_t t = kb[total];
        const std::uint64_t f = kb[free];
        return t > f ? (t - f) * 1024 : 0;
    };
    NodeLoad load;
    load.memory_used = used("MemTotal", "MemAvailable");
    load.swap_total = kb["SwapTotal"] * 1024;
    load.swap_used = used("SwapTotal", "SwapFree");
    return load;
}

NodeLoad read_node_load() {
    NodeLoad load;
    if (auto meminfo = read_text_file("/proc/meminfo")) load = parse_meminfo(*meminfo);
    if (auto loadavg = read_text_file("/proc/loadavg")) load.load_avg = parse_loadavg(*loadavg);
    return load;
}

}  // namespace bramble::execd
