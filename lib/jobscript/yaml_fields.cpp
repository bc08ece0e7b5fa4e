// Scalar, list and mapping readers for YAML job keys (see yaml_fields.hpp).
#include "jobscript/yaml_fields.hpp"

#include "jobscript/values.hpp"

namespace bramble::jobscript {

int line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

std::string describe(const YAML::Node& node) {
    if (node.IsNull()) return "nothing";
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    return node.Scalar();
}

Result<std::string> scalar(const YAML::Node& node, std::string_view what) {
    if (!node.IsScalar())
        return make_error("must be " + std::string(what) + ", got " + describe(node));
    return node.Scalar();
}

Result<std::string> text(const YAML::Node& node) {
    auto value = scalar(node, "a string");
    if (value && value->empty()) return make_error("must not be empty");
    return value;
}

Status set_text(const YAML::Node& node, std::string& field) {
    auto value = text(node);
    if (!value) return value.error();
    field = *value;
    return ok_status();
}

Status set_bool(const YAML::Node& node, bool& field) {
    auto value = scalar(node, "true or false");
    if (!value) return value.error();
    auto yes = parse_yes_no(*value);
    if (!yes) return make_error("must be true or false, got " + *value);
    field = *yes;
    return ok_status();
}

Result<std::vector<std::string>> text_list(YamlContext& c, const YAML::Node& node) {
    if (!node.IsSequence()) return make_error("must be a list of strings, got " + describe(node));
    std::vector<std::string> items;
    for (const auto& item : node) {
        auto value = scalar(item, "a string");
        if (!value) {
            c.line = line_of(item);
            return make_error("every item " + value.message());
        }
        items.push_back(*value);
    }
    return items;
}

Result<std::vector<std::string>> one_or_list(YamlContext& c, const YAML::Node& node) {
    if (!node.IsSequence()) {
        auto one = scalar(node, "a value or a list of values");
        if (!one) return one.error();
        if (one->empty()) return make_error("must not be empty");
        return std::vector<std::string>{*one};
    }
    auto items = text_list(c, node);
    if (!items) return items.error();
    if (items->empty()) return make_error("the list is empty");
    for (const auto& item : *items) {
        if (item.empty()) return make_error("every item must not be empty");
    }
    return items;
}

Status for_each_entry(YamlContext& c, const YAML::Node& node, EntryHandler each) {
    if (!node.IsMap()) return make_error("must be a mapping of NAME: value, got " + describe(node));
    for (const auto& entry : node) {
        c.line = line_of(entry.first);
        auto name = scalar(entry.first, "a name");
        if (!name) return name.error();
        auto value = entry.second.IsNull() ? Result<std::string>(std::string())
                                           : scalar(entry.second, "a single value");
        if (!value) return make_error(*name + " " + value.message());
        if (auto ok = each(c, *name, *value); !ok) return ok;
    }
    return ok_status();
}

}  // namespace bramble::jobscript
