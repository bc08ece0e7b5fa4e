// Writing PE_HOSTFILE lines (see pe_hostfile.hpp).
#include "execd/shepherd/pe_hostfile.hpp"

namespace bramble::shepherd {

namespace {

std::string line(const std::string& host, int slots, const std::string& queue) {
    return host + " " + std::to_string(slots) + " " + queue + "@" + host + " UNDEFINED\n";
}

}  // namespace

std::string pe_hostfile_text(const Allocation& allocation, const std::string& queue,
                             const HostOf& host_of, const std::string& fallback_node, int slots) {
    if (allocation.empty()) return line(host_of(fallback_node), slots, queue);
    std::string text;
    for (const auto& grant : allocation.grants)
        text += line(host_of(grant.node), grant.slots(), queue);
    return text;
}

}  // namespace bramble::shepherd
