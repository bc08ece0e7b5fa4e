// YAML job file -> JobSpec (see yaml_job.hpp and README.md). One small handler per key; the loop
// around them pins every error to the file, the line yaml-cpp reports, and the key.
#include "jobscript/yaml_job.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "jobscript/diagnostic.hpp"
#include "jobscript/qsub_flags.hpp"
#include "jobscript/requests.hpp"
#include "jobscript/values.hpp"

namespace bramble::jobscript {

namespace {

struct Context {
    JobSpec& spec;
    const std::string& cwd;
    bool submit_dir = false;  // cwd: true
    int line = 0;             // where the error is, when a handler knows better than the key's line
};

using Handler = Status (*)(Context&, const YAML::Node&);

int line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

// What the user wrote, for "must be a string, got a list".
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

Result<std::vector<std::string>> text_list(Context& c, const YAML::Node& node) {
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

Status set_command(Context& c, const YAML::Node& node) {
    if (node.IsSequence()) {
        auto argv = text_list(c, node);
        if (!argv) return argv.error();
        if (argv->empty() || argv->front().empty()) return make_error("the command list is empty");
        c.spec.binary = true;
        c.spec.args = std::move(*argv);
        return ok_status();
    }
    auto line = scalar(node, "a string or a list of strings");
    if (!line) return line.error();
    if (line->empty()) return make_error("must not be empty");
    c.spec.script = *line + "\n";
    return ok_status();
}

Status set_script(Context& c, const YAML::Node& node) {
    if (auto ok = set_text(node, c.spec.script); !ok) return ok;
    if (!c.spec.script.ends_with('\n')) c.spec.script += '\n';
    return ok_status();
}

Status set_map(Context& c, const YAML::Node& node,
               Status (*each)(Context&, const std::string&, const std::string&)) {
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

Status set_env_entry(Context& c, const std::string& name, const std::string& value) {
    if (auto ok = check_env_name(name); !ok) return ok;
    set_env(c.spec.env, name, value);
    return ok_status();
}

Status set_resource_entry(Context& c, const std::string& name, const std::string& value) {
    return apply_resource_list(c.spec, name + "=" + value);
}

struct Key {
    std::string_view name;
    Handler handle;
};

constexpr Key kKeys[] = {
    {"name",
     [](Context& c, const YAML::Node& n) -> Status {
         if (auto ok = set_text(n, c.spec.name); !ok) return ok;
         return check_job_name(c.spec.name);
     }},
    {"command", set_command},
    {"script", set_script},
    {"args",
     [](Context& c, const YAML::Node& n) -> Status {
         auto args = text_list(c, n);
         if (!args) return args.error();
         c.spec.args.insert(c.spec.args.end(), args->begin(), args->end());
         return ok_status();
     }},
    {"shell", [](Context& c, const YAML::Node& n) { return set_text(n, c.spec.shell); }},
    {"workdir",
     [](Context& c, const YAML::Node& n) -> Status {
         auto dir = text(n);
         if (!dir) return dir.error();
         c.spec.workdir = absolute_path(*dir, c.cwd);
         return ok_status();
     }},
    {"cwd", [](Context& c, const YAML::Node& n) { return set_bool(n, c.submit_dir); }},
    {"slots",
     [](Context& c, const YAML::Node& n) -> Status {
         auto value = scalar(n, "a positive integer");
         if (!value) return value.error();
         auto slots = parse_slots(*value);
         if (!slots) return slots.error();
         c.spec.slots = *slots;
         return ok_status();
     }},
    {"pe", [](Context& c, const YAML::Node& n) { return set_text(n, c.spec.pe); }},
    {"memory",
     [](Context& c, const YAML::Node& n) -> Status {
         auto value = scalar(n, "a size per slot such as 2G");
         if (!value) return value.error();
         auto bytes = parse_positive_memory(*value);
         if (!bytes) return bytes.error();
         c.spec.memory_per_slot = *bytes;
         return ok_status();
     }},
    {"walltime",
     [](Context& c, const YAML::Node& n) -> Status {
         auto value = scalar(n, "a time such as 4:00:00 or a number of seconds");
         if (!value) return value.error();
         auto seconds = parse_positive_duration(*value);
         if (!seconds) return seconds.error();
         c.spec.walltime = *seconds;
         return ok_status();
     }},
    {"output", [](Context& c, const YAML::Node& n) { return set_text(n, c.spec.stdout_path); }},
    {"error", [](Context& c, const YAML::Node& n) { return set_text(n, c.spec.stderr_path); }},
    {"join", [](Context& c, const YAML::Node& n) { return set_bool(n, c.spec.join); }},
    {"env", [](Context& c, const YAML::Node& n) { return set_map(c, n, set_env_entry); }},
    {"resources",
     [](Context& c, const YAML::Node& n) { return set_map(c, n, set_resource_entry); }},
    {"node",
     [](Context& c, const YAML::Node& n) -> Status {
         std::string node;
         if (auto ok = set_text(n, node); !ok) return ok;
         if (node.find_first_of("@|*? \t") != std::string::npos) {
             return make_error("'" + node + "' is not a node name");
         }
         c.spec.nodes = {node};
         return ok_status();
     }},
    {"queue", [](Context& c, const YAML::Node& n) { return set_text(n, c.spec.queue); }},
    {"hold", [](Context& c, const YAML::Node& n) { return set_bool(n, c.spec.hold); }},
    {"priority",
     [](Context& c, const YAML::Node& n) -> Status {
         auto value = scalar(n, "a whole number");
         if (!value) return value.error();
         auto priority = parse_priority(*value);
         if (!priority) return priority.error();
         c.spec.priority = *priority;
         return ok_status();
     }},
    {"account", [](Context& c, const YAML::Node& n) { return set_text(n, c.spec.account); }},
    {"project", [](Context& c, const YAML::Node& n) { return set_text(n, c.spec.project); }},
};

std::string known_keys() {
    std::string out;
    for (const auto& key : kKeys)
        out += (out.empty() ? "" : ", ") + std::string(key.name);
    return out;
}

std::string stem(const std::string& file) {
    std::string name = base_name(file);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0) name.erase(dot);
    return name;
}

}  // namespace

namespace {

// The job's default name: the file's stem with characters a job name may not hold made '_'.
std::string default_name(const std::string& file) {
    std::string name = stem(file);
    for (char& ch : name) {
        if (!check_job_name(std::string(1, ch))) ch = '_';
    }
    return name.empty() ? "job" : name.substr(0, 256);
}

// Counts documents without building them. yaml-cpp 0.7's LoadAll never returns on some inputs
// (a stream starting with ','), found by tests/fuzz/fuzz_yaml_job; walking at most two documents
// with the event parser does not have that loop.
class DocumentCounter : public YAML::EventHandler {
  public:
    int documents = 0;
    int second_line = 0;

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents == 2) second_line = mark.is_null() ? 1 : mark.line + 1;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// The line where a second document starts, or 0 when there is at most one.
int second_document_line(const std::string& source) {
    std::istringstream stream(source);
    YAML::Parser parser(stream);
    DocumentCounter counter;
    for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
    }
    return counter.documents >= 2 ? counter.second_line : 0;
}

// The first line holding something other than blanks and comments, or 0.
int first_content_line(std::string_view source) {
    int number = 1;
    bool in_comment = false;
    for (const char ch : source) {
        if (ch == '\n') {
            ++number;
            in_comment = false;
        } else if (ch == '#') {
            in_comment = true;
        } else if (!in_comment && ch != ' ' && ch != '\t' && ch != '\r') {
            return number;
        }
    }
    return 0;
}

Status apply_keys(Context& c, const YAML::Node& root, const std::string& file) {
    std::set<std::string> seen;
    for (const auto& entry : root) {
        const int key_line = line_of(entry.first);
        const std::string key =
            entry.first.IsScalar() ? entry.first.Scalar() : describe(entry.first);
        const auto* rule = std::find_if(std::begin(kKeys), std::end(kKeys),
                                        [&](const Key& k) { return k.name == key; });
        if (rule == std::end(kKeys)) {
            return Diagnostic{file, key_line, key, "unknown key (known keys: " + known_keys() + ")"}
                .to_error();
        }
        if (!seen.insert(key).second)
            return Diagnostic{file, key_line, key, "given twice"}.to_error();
        // An empty value's mark points past it, at the next line; the key's line is the one to
        // show.
        c.line =
            entry.second.IsNull() || line_of(entry.second) == 0 ? key_line : line_of(entry.second);
        if (auto ok = rule->handle(c, entry.second); !ok) {
            return Diagnostic{file, c.line, key, ok.message()}.to_error();
        }
    }
    return ok_status();
}

Result<JobSpec> build(const YAML::Node& root, const std::string& file, const std::string& cwd) {
    if (!root.IsMap()) {
        return Diagnostic{
            file, line_of(root), "",
            "a job file is a mapping of keys such as 'name:' and 'command:', got " + describe(root)}
            .to_error();
    }
    JobSpec spec;
    Context context{spec, cwd};
    if (auto ok = apply_keys(context, root, file); !ok) return ok.error();
    const bool has_command = root["command"].IsDefined();
    const bool has_script = root["script"].IsDefined();
    if (has_command == has_script) {
        const std::string why = has_command
                                    ? "give either 'command' or 'script', not both"
                                    : "a job needs 'command' (what to run) or 'script' (its text)";
        return Diagnostic{file, has_command ? line_of(root["script"]) : 0, "", why}.to_error();
    }
    if (context.submit_dir) {
        if (root["workdir"].IsDefined()) {
            return Diagnostic{file, line_of(root["cwd"]), "cwd",
                              "give either 'cwd: true' or 'workdir', not both"}
                .to_error();
        }
        spec.workdir = cwd;
    }
    if (spec.name.empty()) spec.name = default_name(file);
    return spec;
}

}  // namespace

bool is_yaml_job_path(std::string_view path) {
    return path.ends_with(".yaml") || path.ends_with(".yml");
}

Result<JobSpec> parse_yaml_job(std::string_view text, const std::string& file,
                               const std::string& cwd) {
    try {
        const std::string source(text);
        const YAML::Node root = YAML::Load(source);
        if (!root.IsDefined() || root.IsNull()) {
            // yaml-cpp reads some malformed streams (one starting with ',') as an empty document.
            if (const int line = first_content_line(source); line != 0) {
                return Diagnostic{file, line, "", "invalid YAML: no job could be read from here"}
                    .to_error();
            }
            return Diagnostic{file, 0, "", "the job file is empty"}.to_error();
        }
        if (const int second = second_document_line(source); second != 0) {
            return Diagnostic{file, second, "",
                              "holds more than one YAML document; one job per file"}
                .to_error();
        }
        return build(root, file, cwd);
    } catch (const YAML::Exception& e) {
        const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
        return Diagnostic{file, line, "", "invalid YAML: " + e.msg}.to_error();
    } catch (const std::exception& e) {
        return Diagnostic{file, 0, "", std::string("cannot read the job file: ") + e.what()}
            .to_error();
    }
}

}  // namespace bramble::jobscript
