// Logical cores to OS CPUs, and the binding plan (see core_map.hpp).
#include "execd/core_map.hpp"

#include <algorithm>
#include <cstddef>

namespace bramble::execd {

CoreMap narrow_core_map(CoreMap map, int cores, int first) {
    if (!map.empty() && first > 0) {
        const auto shift =
            static_cast<std::ptrdiff_t>(static_cast<std::size_t>(first) % map.size());
        std::rotate(map.begin(), map.begin() + shift, map.end());
    }
    if (cores > 0 && static_cast<std::size_t>(cores) < map.size())
        map.resize(static_cast<std::size_t>(cores));
    return map;
}

namespace {

Binding unbound(std::vector<int> cores, const std::string& why) {
    return Binding{std::move(cores), {}, why + "; the job runs unbound"};
}

}  // namespace

Binding plan_binding(const CoreMap& map, const std::vector<int>& cores,
                     const std::vector<int>& allowed, const std::string& node) {
    if (cores.empty()) return {};
    const std::string where = "cores " + number_list(cores) + " on " + node;
    std::vector<int> cpus;
    for (const int core : cores) {
        if (core < 0 || static_cast<std::size_t>(core) >= map.size()) {
            return unbound(cores, where + ": core " + std::to_string(core) +
                                      " is not one of this machine's " +
                                      std::to_string(map.size()) + " cores");
        }
        const auto& pus = map[static_cast<std::size_t>(core)];
        cpus.insert(cpus.end(), pus.begin(), pus.end());
    }
    std::sort(cpus.begin(), cpus.end());
    std::vector<int> refused;
    for (const int cpu : cpus) {
        if (cpu >= CPU_SETSIZE || !std::binary_search(allowed.begin(), allowed.end(), cpu))
            refused.push_back(cpu);
    }
    if (cpus.empty()) return unbound(cores, where + ": no CPU is known for them");
    if (!refused.empty()) {
        return unbound(cores, where + " are CPUs " + number_list(cpus) + ", but CPUs " +
                                  number_list(refused) + " are not allowed here (allowed: " +
                                  (allowed.empty() ? "unknown" : number_list(allowed)) + ")");
    }
    return Binding{cores, cpus, ""};
}

std::vector<int> allowed_cpus() {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    std::vector<int> cpus;
    if (::sched_getaffinity(0, sizeof mask, &mask) != 0) return cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &mask)) cpus.push_back(cpu);
    }
    return cpus;
}

std::string number_list(const std::vector<int>& numbers) {
    std::string text;
    for (const int number : numbers)
        text += (text.empty() ? "" : ",") + std::to_string(number);
    return text;
}

cpu_set_t cpu_set_of(const std::vector<int>& cpus) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    for (const int cpu : cpus) {
        if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(cpu, &mask);
    }
    return mask;
}

}  // namespace bramble::execd
