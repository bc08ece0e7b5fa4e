// Reading cluster.yaml values without exceptions: every value comes with its dotted key
// (nodes.pi03.gpio.chip) and line, so every error reads `cluster.yaml:12: key
// 'nodes.pi03.gpio.chip':
// ...`. Internal to lib/config.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "model/result.hpp"

namespace bramble::config {

// One key and its value, with the file it came from.
struct Entry {
    const std::string& file;
    std::string key;  // dotted from the top: "fair_share.half_life"
    YAML::Node key_node;
    YAML::Node value;

    // The value's line, or the key's when the value is empty (its mark points past it).
    [[nodiscard]] int line() const;
    [[nodiscard]] int key_line() const;
    // "file:line: key 'k': message"
    [[nodiscard]] Error error(const std::string& message) const;
    [[nodiscard]] Error key_error(const std::string& message) const;
    // The entry for `name` inside this one's mapping.
    [[nodiscard]] Entry child(const std::string& name, YAML::Node name_node,
                              YAML::Node child_value) const;
};

// The entries of `parent`'s mapping in file order. A name given twice is refused; so is a name
// not in `known`, unless `known` is empty (mappings keyed by node, user or PE name). `what` says
// what the mapping holds, for "must be a mapping of ...".
using EntryVisitor = std::function<Status(const Entry&)>;
Status for_each_entry(const Entry& parent, std::initializer_list<std::string_view> known,
                      std::string_view what, const EntryVisitor& visit);

Result<std::string> read_string(const Entry& entry);  // a non-empty scalar
Result<std::int64_t> read_integer(const Entry& entry, std::int64_t min, std::int64_t max);
Result<double> read_number(const Entry& entry, double min);  // finite, at least `min`
Result<bool> read_bool(const Entry& entry);                  // true/false, yes/no
// A time: 90 (seconds), 1:30:00, or a number with s, m, h, d or w (1h, 7d, 1.5h).
Result<std::int64_t> read_duration(const Entry& entry, bool zero_allowed);
// A count (1) or a size with K/M/G/T (100G, bytes), as model/units reads memory.
Result<std::uint64_t> read_amount(const Entry& entry);

// Names the config gives things (PEs, labels, resources, GPIO lines): letters, digits and `extra`.
Status check_name(const Entry& entry, const std::string& name, std::string_view what,
                  std::string_view extra = "_.-");

}  // namespace bramble::config
