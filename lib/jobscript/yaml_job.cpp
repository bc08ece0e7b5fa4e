// YAML job file -> JobSpec (see yaml_job.hpp and README.md). The keys' handlers are in
// yaml_keys.cpp; this file reads the document, runs them, pins every error to the file, the line
// yaml-cpp reports and the key, and checks the keys that exclude each other.
#include "jobscript/yaml_job.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "jobscript/diagnostic.hpp"
#include "jobscript/values.hpp"
#include "jobscript/yaml_fields.hpp"
#include "jobscript/yaml_keys.hpp"

namespace bramble::jobscript {

namespace {

std::string stem(const std::string& file) {
    std::string name = base_name(file);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0) name.erase(dot);
    return name;
}

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

Status apply_keys(YamlContext& c, const YAML::Node& root, const std::string& file) {
    std::set<std::string> seen;
    for (const auto& entry : root) {
        const int key_line = line_of(entry.first);
        const std::string key =
            entry.first.IsScalar() ? entry.first.Scalar() : describe(entry.first);
        const YamlKeyHandler handle = find_yaml_key(key);
        if (handle == nullptr) {
            return Diagnostic{file, key_line, key,
                              "unknown key (known keys: " + known_yaml_keys() + ")"}
                .to_error();
        }
        if (!seen.insert(key).second)
            return Diagnostic{file, key_line, key, "given twice"}.to_error();
        // An empty value's mark points past it, at the next line; the key's line is the one to
        // show.
        c.line =
            entry.second.IsNull() || line_of(entry.second) == 0 ? key_line : line_of(entry.second);
        if (auto ok = handle(c, entry.second); !ok) {
            return Diagnostic{file, c.line, key, ok.message()}.to_error();
        }
    }
    return ok_status();
}

// Keys that say the same thing two ways; giving both would leave one silently ignored.
// `cwd: false` with a workdir is fine: only `cwd: true` competes with it.
Status check_exclusive_keys(const YAML::Node& root, const std::string& file, bool submit_dir) {
    const bool has_command = root["command"].IsDefined();
    if (has_command == root["script"].IsDefined()) {
        const std::string why = has_command
                                    ? "give either 'command' or 'script', not both"
                                    : "a job needs 'command' (what to run) or 'script' (its text)";
        return Diagnostic{file, has_command ? line_of(root["script"]) : 0, "", why}.to_error();
    }
    if (submit_dir && root["workdir"].IsDefined()) {
        return Diagnostic{file, line_of(root["cwd"]), "cwd",
                          "give either 'cwd: true' or 'workdir', not both"}
            .to_error();
    }
    if (root["node"].IsDefined() && root["nodes"].IsDefined()) {
        return Diagnostic{file, line_of(root["node"]), "node",
                          "give either 'node' (one) or 'nodes' (a list or pattern), not both"}
            .to_error();
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
    YamlContext context{spec, cwd};
    if (auto ok = apply_keys(context, root, file); !ok) return ok.error();
    if (auto ok = check_exclusive_keys(root, file, context.submit_dir); !ok) return ok.error();
    if (context.submit_dir) spec.workdir = cwd;
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
