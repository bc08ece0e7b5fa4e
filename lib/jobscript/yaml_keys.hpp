// The keys of a YAML job file, one small handler each (the schema is in README.md). Internal to
// lib/jobscript: yaml_job.cpp looks keys up here and pins the handlers' errors to file and line.
#pragma once

#include <string>
#include <string_view>

#include "jobscript/yaml_fields.hpp"

namespace bramble::jobscript {

using YamlKeyHandler = Status (*)(YamlContext&, const YAML::Node&);

// The handler of `name`, or nullptr for an unknown key.
YamlKeyHandler find_yaml_key(std::string_view name);

// "name, command, script, ...", in the schema's order, for the unknown-key message.
std::string known_yaml_keys();

}  // namespace bramble::jobscript
