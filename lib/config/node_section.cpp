// `nodes:`: what the config says of each node: labels, consumable resources and named GPIO lines.
// A GPIO line name is how a job asks for the line, so it must name one line in the whole cluster.
#include <algorithm>
#include <array>
#include <string_view>

#include "config/sections.hpp"

namespace bramble::config {

namespace {

// Names a job's -l already gives a meaning to; a label or consumable called so could never be
// asked for.
constexpr std::array<std::string_view, 17> kBuiltinNames = {
    "h_vmem",    "s_vmem", "mem_free", "h_rss", "m_mem_free", "virtual_free",
    "h_rt",      "s_rt",   "h_cpu",    "s_cpu", "hostname",   "h",
    "exclusive", "excl",   "gpio",     "slots", "arch"};

constexpr std::int64_t kMaxLineOffset = 1023;

// Line name -> the node that has it, across the nodes read so far.
using LineOwners = std::map<std::string, std::string>;

Status check_resource_name(const Entry& entry, std::string_view what) {
    const std::string name = entry.key_node.Scalar();
    if (auto ok = check_name(entry, name, what); !ok) return ok;
    if (std::find(kBuiltinNames.begin(), kBuiltinNames.end(), name) != kBuiltinNames.end()) {
        return entry.key_error("'" + name + "' is a built-in request (-l " + name +
                               "=...); choose another " + std::string(what));
    }
    return ok_status();
}

Status read_labels(const Entry& entry, NodeConfig& node) {
    return for_each_entry(entry, {}, "label: value", [&](const Entry& label) -> Status {
        if (auto ok = check_resource_name(label, "label name"); !ok) return ok;
        auto value = read_string(label);
        if (!value) return value.error();
        node.labels[label.key_node.Scalar()] = *value;
        return ok_status();
    });
}

Status read_resources(const Entry& entry, NodeConfig& node) {
    return for_each_entry(entry, {}, "resource: amount", [&](const Entry& resource) -> Status {
        if (auto ok = check_resource_name(resource, "resource name"); !ok) return ok;
        auto amount = read_amount(resource);
        if (!amount) return amount.error();
        node.consumables[resource.key_node.Scalar()] = *amount;
        return ok_status();
    });
}

Status read_lines(const Entry& entry, const std::string& node_name, GpioConfig& gpio,
                  LineOwners& owners) {
    return for_each_entry(entry, {}, "line name: offset", [&](const Entry& line) -> Status {
        const std::string name = line.key_node.Scalar();
        if (auto ok = check_name(line, name, "GPIO line name", "_-"); !ok) return ok;
        auto offset = read_integer(line, 0, kMaxLineOffset);
        if (!offset) return offset.error();
        for (const auto& [other, other_offset] : gpio.lines) {
            if (other_offset == *offset) {
                return line.error("offset " + std::to_string(*offset) + " is already line '" +
                                  other + "' of this chip");
            }
        }
        if (const auto owner = owners.find(name); owner != owners.end()) {
            return line.key_error("GPIO line '" + name + "' is on both " + owner->second + " and " +
                                  node_name +
                                  "; jobs ask for lines by name, so each name must be unique");
        }
        owners[name] = node_name;
        gpio.lines[name] = static_cast<int>(*offset);
        return ok_status();
    });
}

Status read_chip(const Entry& entry, GpioConfig& gpio) {
    auto chip = read_string(entry);
    if (!chip) return chip.error();
    // A name under /dev (gpiochip0), or the device's absolute path (/dev/gpiochip0).
    const bool path = chip->starts_with('/') && chip->find("/../") == std::string::npos &&
                      chip->find('\0') == std::string::npos;
    if (!path && !check_name(entry, *chip, "chip name", "_-")) {
        return entry.error("'" + *chip +
                           "' is neither a chip name under /dev (e.g. gpiochip0) nor an absolute "
                           "device path (e.g. /dev/gpiochip0)");
    }
    gpio.chip = *chip;
    return ok_status();
}

Status read_gpio(const Entry& entry, const std::string& node_name, GpioConfig& gpio,
                 LineOwners& owners) {
    auto read = for_each_entry(entry, {"chip", "lines"}, "chip and lines", [&](const Entry& field) {
        if (field.key_node.Scalar() == "chip") return read_chip(field, gpio);
        return read_lines(field, node_name, gpio, owners);
    });
    if (!read) return read;
    if (gpio.chip.empty()) return entry.key_error("needs a chip (e.g. chip: gpiochip0)");
    return ok_status();
}

Status read_node(const Entry& entry, ClusterConfig& config, LineOwners& owners) {
    const std::string name = entry.key_node.Scalar();
    if (auto ok = check_name(entry, name, "node name"); !ok) return ok;
    NodeConfig node;
    auto read = for_each_entry(entry, {"labels", "resources", "gpio"}, "labels, resources, gpio",
                               [&](const Entry& field) -> Status {
                                   const std::string& key = field.key_node.Scalar();
                                   if (key == "labels") return read_labels(field, node);
                                   if (key == "resources") return read_resources(field, node);
                                   return read_gpio(field, name, node.gpio, owners);
                               });
    if (!read) return read;
    config.nodes[name] = std::move(node);
    return ok_status();
}

}  // namespace

Status read_nodes(const Entry& entry, ClusterConfig& config) {
    LineOwners owners;
    return for_each_entry(entry, {}, "nodes by name",
                          [&](const Entry& node) { return read_node(node, config, owners); });
}

}  // namespace bramble::config
