// Reading one YAML value of a job file: scalars, lists, mappings, with messages that say what was
// expected and what was written. Internal to lib/jobscript (yaml_keys.cpp, yaml_job.cpp).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "model/job_spec.hpp"
#include "model/result.hpp"

namespace bramble::jobscript {

// What the key handlers change, and where an error is when a handler knows better than the
// key's own line (an item of a list, an entry of a mapping).
struct YamlContext {
    JobSpec& spec;
    const std::string& cwd;
    bool submit_dir = false;  // cwd: true
    int line = 0;
};

int line_of(const YAML::Node& node);

// What the user wrote, for "must be a string, got a list".
std::string describe(const YAML::Node& node);

Result<std::string> scalar(const YAML::Node& node, std::string_view what);
Result<std::string> text(const YAML::Node& node);  // a non-empty scalar
Status set_text(const YAML::Node& node, std::string& field);
Status set_bool(const YAML::Node& node, bool& field);

// A list of scalars; an item that is not one moves c.line to it.
Result<std::vector<std::string>> text_list(YamlContext& c, const YAML::Node& node);
// A single scalar or a list of them (`gpio: fan` or `gpio: [fan, led]`); items are non-empty.
Result<std::vector<std::string>> one_or_list(YamlContext& c, const YAML::Node& node);

// A mapping of NAME: value; `each` is called per entry with c.line at the entry. A null value is
// an empty string.
using EntryHandler = Status (*)(YamlContext&, const std::string&, const std::string&);
Status for_each_entry(YamlContext& c, const YAML::Node& node, EntryHandler each);

}  // namespace bramble::jobscript
